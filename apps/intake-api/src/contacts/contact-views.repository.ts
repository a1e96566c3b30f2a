import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PartnerOutcome, readPartnerOutcomes, TriageDecisionJson } from '@app/decisions';
import { isUuid } from '@app/contracts';

/**
 * What a partner reads of a contact it sent (contact-api.md, "Reading a contact"): its status and what became
 * of it, never what other agencies said (no child id, level, reasons, linked contacts or matches).
 */
export interface PartnerContactView {
  id: string;
  status: string;
  receivedAt: string;
  outcome: PartnerOutcome | null;
}

/**
 * A partner's own contact (another partner's reads as absent). `outcome` comes from the latest duty
 * decision: its final route, or how it was closed; null until a duty worker decides, or while DUTY_REVIEW.
 */
async function readPartnerContactView(
  ds: DataSource,
  id: string,
  partnerId: string,
): Promise<PartnerContactView | null> {
  if (!isUuid(id)) return null;
  const rows = await ds.query(
    `SELECT id, status, received_at FROM contacts WHERE id = $1 AND partner_id = $2::uuid`,
    [id, partnerId],
  );
  const r = rows[0];
  if (!r) return null;
  // The same outcome the feedback webhook sends (one helper, so the read and the webhook always agree).
  const outcome = (await readPartnerOutcomes(ds.manager, [r.id])).get(r.id) ?? null;
  return { id: r.id, status: r.status, receivedAt: new Date(r.received_at).toISOString(), outcome };
}

/** The contact as the partner contract's GET answers it. */
export interface ContactView {
  id: string;
  status: string;
  receivedAt: string;
  childId?: string;
  decision?: TriageDecisionJson<
    | 'needLevel'
    | 'route'
    | 'team'
    | 'priority'
    | 'dueAt'
    | 'strategyDiscussion'
    | 'consentRequired'
    | 'reasons'
    | 'criteriaVersion'
    | 'linkedContactIds'
    | 'possibleMatches'
  >;
}

/** Reads a contact and its current decision, for duty staff (every read audited by the caller). */
async function readContactView(ds: DataSource, id: string): Promise<ContactView | null> {
  if (!isUuid(id)) return null;
  const rows = await ds.query(
    `SELECT c.id, c.status, c.received_at, c.child_id, c.partner_id,
            d.need_level, d.route, d.team, d.priority, d.due_at, d.strategy_discussion, d.consent_required,
            d.reasons, d.criteria_version, d.linked_contact_ids, d.possible_matches
       FROM contacts c LEFT JOIN decisions d ON d.contact_id = c.id AND d.is_current
      WHERE c.id = $1`,
    [id],
  );
  const r = rows[0];
  if (!r) return null;
  const view: ContactView = { id: r.id, status: r.status, receivedAt: new Date(r.received_at).toISOString() };
  if (r.child_id) view.childId = r.child_id;
  if (r.need_level !== null) {
    view.decision = {
      needLevel: r.need_level,
      route: r.route,
      team: r.team,
      priority: r.priority,
      dueAt: new Date(r.due_at).toISOString(),
      strategyDiscussion: r.strategy_discussion,
      consentRequired: r.consent_required,
      reasons: r.reasons,
      criteriaVersion: r.criteria_version,
      linkedContactIds: r.linked_contact_ids,
      possibleMatches: r.possible_matches,
    };
  }
  return view;
}

/** Contacts as the partner contract's GET answers them: the one way the read reaches these tables. */
@Injectable()
export class ContactViewsRepository {
  constructor(private readonly ds: DataSource) {}

  /** A partner's own contact; another partner's (or none) is null. */
  forPartner(id: string, partnerId: string): Promise<PartnerContactView | null> {
    return readPartnerContactView(this.ds, id, partnerId);
  }

  /** Any contact with its current decision, for duty staff. */
  forStaff(id: string): Promise<ContactView | null> {
    return readContactView(this.ds, id);
  }
}
