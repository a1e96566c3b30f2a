import { EntityManager } from 'typeorm';
import { Topic } from '@app/contracts';
import { CONTACT_COLUMNS, ContactRow } from './contact-record';
import type { ChildRecord, DeskRow } from './decide-child';
import type { DutyDecisionFact, PartnerFeedbackBody } from './partner-outcome';

/** One decision as the set-based store writes it (with its desk item, contact update and event). */
export interface StoredDecisionRow {
  /** Its place in the batch: the events go out in this order. */
  n: number;
  new_child: boolean;
  decision_id: string;
  contact_id: string;
  child_id: string;
  triggered_by: string;
  triaged_at: string;
  criteria_version: string;
  need_level: number;
  route: string;
  team: string | null;
  priority: string;
  priority_rank: number;
  due_at: string;
  strategy_discussion: boolean;
  consent_required: boolean;
  reasons: unknown;
  picture: unknown;
  history: number;
  linked_contact_ids: string[];
  possible_matches: unknown;
  locality: string | null;
  /** The event's envelope; the stored decision's id is filled in by the statement. */
  envelope: unknown;
}

/** A child's stored contacts, desk items and current possible matches, as readChildren reads them. */
export interface ChildRecordRow {
  child_id: string;
  contacts: (ContactRow & { received_at: string })[];
  desk: DeskRow[];
  possible: ChildRecord['possibleMatches'];
}

/**
 * Decisions, desk items and partner feedback as triage and the desk's duty decisions write them. Stateless:
 * every method runs in the caller's transaction (a triage batch, a duty decision). The statements are the
 * tuned set-based ones: one round trip for a whole batch or wave, whatever its size.
 */
export class DecisionsRepository {
  /** Retires the contacts' current decisions (the one-current index is checked row by row, so first). */
  async retireCurrent(m: EntityManager, contactIds: string[]): Promise<void> {
    await m.query(
      'UPDATE decisions SET is_current = false WHERE contact_id = ANY($1::uuid[]) AND is_current',
      [contactIds],
    );
  }

  /**
   * Stores the decisions, their desk items, their contacts' child and status, new children and the
   * `contact.triaged.v1` events, in one statement: the foreign key checks run at its end, after every part
   * has written.
   */
  async storeSet(m: EntityManager, rows: StoredDecisionRow[]): Promise<void> {
    await m.query(
      `WITH r AS MATERIALIZED (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(
           n int, new_child boolean, decision_id uuid, contact_id uuid, child_id uuid, triggered_by uuid,
           triaged_at timestamptz, criteria_version text, need_level smallint, route text, team text, priority text,
           priority_rank smallint, due_at timestamptz, strategy_discussion boolean, consent_required boolean,
           reasons jsonb, picture jsonb, history integer, linked_contact_ids jsonb, possible_matches jsonb,
           locality text, envelope jsonb)
       ), children_added AS (
         INSERT INTO children (id) SELECT DISTINCT child_id FROM r WHERE new_child
       ), contacts_triaged AS (
         UPDATE contacts c SET child_id = r.child_id, status = CASE WHEN c.status = 'received' THEN 'triaged' ELSE c.status END
           FROM r WHERE c.id = r.contact_id AND (c.status = 'received' OR c.child_id IS DISTINCT FROM r.child_id)
       ), decision AS (
         INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route,
                                team, priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                                linked_contact_ids, possible_matches, is_current)
         SELECT decision_id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route, team,
                priority, due_at, strategy_discussion, consent_required, reasons, picture, history, linked_contact_ids,
                possible_matches, true
           FROM r
         ON CONFLICT (contact_id, triaged_at) DO UPDATE SET triggered_by = EXCLUDED.triggered_by,
           criteria_version = EXCLUDED.criteria_version, need_level = EXCLUDED.need_level, route = EXCLUDED.route,
           team = EXCLUDED.team, priority = EXCLUDED.priority, due_at = EXCLUDED.due_at,
           strategy_discussion = EXCLUDED.strategy_discussion, consent_required = EXCLUDED.consent_required,
           reasons = EXCLUDED.reasons, picture = EXCLUDED.picture, history = EXCLUDED.history,
           linked_contact_ids = EXCLUDED.linked_contact_ids, possible_matches = EXCLUDED.possible_matches,
           is_current = true
         RETURNING id, contact_id
       ), desk_item AS (
         INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at)
         SELECT contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at FROM r
         ON CONFLICT (contact_id) DO UPDATE SET child_id = EXCLUDED.child_id, need_level = EXCLUDED.need_level,
           route = EXCLUDED.route, team = EXCLUDED.team, locality = EXCLUDED.locality, priority = EXCLUDED.priority,
           priority_rank = EXCLUDED.priority_rank, due_at = EXCLUDED.due_at,
           overdue = EXCLUDED.due_at <= now() AND desk_items.overdue, updated_at = now()
       )
       INSERT INTO outbox (topic, message_key, payload)
       SELECT $2, r.child_id::text, jsonb_set(r.envelope, '{payload,decisionId}', to_jsonb(decision.id::text))
         FROM r JOIN decision ON decision.contact_id = r.contact_id ORDER BY r.n`,
      [JSON.stringify(rows), Topic.ContactTriaged],
    );
  }

  /** Children's contacts, desk items and current possible matches, in one round trip for any number. */
  async childRecords(m: EntityManager, childIds: string[]): Promise<ChildRecordRow[]> {
    return m.query(
      `SELECT k.id AS child_id,
         (SELECT coalesce(json_agg(c), '[]') FROM (SELECT ${CONTACT_COLUMNS} FROM contacts WHERE child_id = k.id) c) AS contacts,
         (SELECT coalesce(json_agg(d), '[]') FROM (
            SELECT contact_id, need_level, priority, claimed_by, state, route, team FROM desk_items WHERE child_id = k.id) d
         ) AS desk,
         (SELECT coalesce(json_object_agg(contact_id, possible_matches), '{}') FROM decisions
           WHERE child_id = k.id AND is_current) AS possible
       FROM unnest($1::uuid[]) AS k(id)`,
      [childIds],
    );
  }

  /** The duty decisions on the contacts, by contact, oldest first. */
  async dutyDecisionFacts(
    m: EntityManager,
    contactIds: readonly string[],
  ): Promise<(DutyDecisionFact & { contactId: string })[]> {
    const rows: {
      contact_id: string;
      kind: DutyDecisionFact['kind'];
      route: string | null;
      team: string | null;
      outcome: string | null;
      cin_no_further_action: boolean | null;
      created_at: Date;
    }[] = await m.query(
      `SELECT contact_id, kind, route, team, outcome, cin_no_further_action, created_at FROM duty_decisions
        WHERE contact_id = ANY($1::uuid[]) ORDER BY contact_id, created_at, id`,
      [contactIds],
    );
    return rows.map((r) => ({
      contactId: r.contact_id,
      kind: r.kind,
      route: r.route,
      team: r.team,
      outcome: r.outcome,
      cinNoFurtherAction: r.cin_no_further_action,
      createdAt: r.created_at,
    }));
  }

  /** The contact's partner and whether it has a callback; null when there is no such contact. */
  async partnerOf(
    m: EntityManager,
    contactId: string,
  ): Promise<{ partnerId: string; hasCallback: boolean } | null> {
    const [contact]: { partner_id: string; has_callback: boolean }[] = await m.query(
      `SELECT c.partner_id, EXISTS (SELECT 1 FROM partner_callbacks pc WHERE pc.partner_id = c.partner_id) AS has_callback
         FROM contacts c WHERE c.id = $1`,
      [contactId],
    );
    return contact ? { partnerId: contact.partner_id, hasCallback: contact.has_callback } : null;
  }

  /** The last feedback owed to the contact's partner, or null when none. */
  async lastFeedback(m: EntityManager, contactId: string): Promise<PartnerFeedbackBody | null> {
    const [last]: { body: PartnerFeedbackBody }[] = await m.query(
      `SELECT body FROM partner_feedback WHERE contact_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [contactId],
    );
    return last ? last.body : null;
  }

  async addFeedback(
    m: EntityManager,
    f: { id: string; partnerId: string; contactId: string; body: PartnerFeedbackBody },
  ): Promise<void> {
    await m.query(`INSERT INTO partner_feedback (id, partner_id, contact_id, body) VALUES ($1,$2,$3,$4)`, [
      f.id,
      f.partnerId,
      f.contactId,
      JSON.stringify(f.body),
    ]);
  }
}
