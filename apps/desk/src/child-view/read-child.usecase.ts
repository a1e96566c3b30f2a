import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import type { Actor } from '../actor';
import { toDutyDecisionView } from '../queue/read-item.usecase';
import { characteristicsOf } from '../referrals/child-referrals.usecase';
import { referralsOfChild } from '../referrals/referral-read';
import { isUuid, NotFoundError } from '@app/contracts';

const iso = (v: Date | string | null) => (v === null || v === undefined ? null : new Date(v).toISOString());

/**
 * The child's view: every contact about the child (who sent it, what it said), every decision made about
 * each (with the picture and history the criteria used, and the contacts it linked), the duty desk's own
 * decisions and notes, and the possible matches still to be confirmed or rejected. Every read is audited.
 */
@Injectable()
export class ReadChildUseCase {
  constructor(private readonly ds: DataSource) {}

  async execute(requestedId: string, actor: Actor) {
    if (!isUuid(requestedId)) throw new NotFoundError('No such child');
    const childId = await this.survivor(requestedId);
    if (!childId) throw new NotFoundError('No such child');
    const [child] = await this.ds.query('SELECT id, created_at FROM children WHERE id = $1', [childId]);
    const mergedFrom = await this.ds.query(
      'SELECT id FROM children WHERE merged_into = $1 ORDER BY created_at',
      [childId],
    );
    const contacts = await this.ds.query(
      `SELECT c.id, c.received_at, c.status, c.agency, c.cin_code, c.locality, c.body, c.imported, p.name AS partner_name,
              d.need_level, d.route, d.team, d.priority, d.due_at, d.state, d.overdue, d.claimed_by, d.claimed_at
         FROM contacts c JOIN partners p ON p.id = c.partner_id
         LEFT JOIN desk_items d ON d.contact_id = c.id
        WHERE c.child_id = $1 ORDER BY c.received_at, c.id`,
      [childId],
    );
    const ids = contacts.map((c: any) => c.id);
    const decisions = await this.ds.query(
      `SELECT * FROM decisions WHERE contact_id = ANY($1::uuid[]) ORDER BY triaged_at, created_at`,
      [ids],
    );
    const duty = await this.ds.query(
      'SELECT * FROM duty_decisions WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at',
      [ids],
    );
    const notes = await this.ds.query(
      'SELECT * FROM desk_notes WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at',
      [ids],
    );
    const reviews: { other_contact_id: string }[] = await this.ds.query(
      'SELECT other_contact_id FROM match_reviews WHERE child_id = $1',
      [childId],
    );
    const reviewed = new Set(reviews.map((r) => r.other_contact_id));

    // Possible matches from each contact's current decision, not yet confirmed or rejected, not this child.
    const possible = new Map<string, { contactId: string; reason: string; foundBy: string }>();
    for (const d of decisions.filter((x: any) => x.is_current)) {
      for (const pm of d.possible_matches ?? []) {
        if (!reviewed.has(pm.contactId) && !possible.has(pm.contactId))
          possible.set(pm.contactId, { contactId: pm.contactId, reason: pm.reason, foundBy: d.contact_id });
      }
    }
    const others = possible.size
      ? await this.ds.query(
          `SELECT c.id, c.child_id, c.received_at, c.agency, c.body->'child' AS child, p.name AS partner_name
             FROM contacts c JOIN partners p ON p.id = c.partner_id WHERE c.id = ANY($1::uuid[])`,
          [[...possible.keys()]],
        )
      : [];
    const possibleMatches = others
      .map((o: any) => ({ o, childId: o.child_id }))
      .filter(({ childId: other }: any) => other && other !== childId)
      .map(({ o }: any) => ({
        ...possible.get(o.id)!,
        childId: o.child_id,
        receivedAt: iso(o.received_at),
        agency: o.agency,
        sentBy: o.partner_name,
        child: o.child,
      }));

    // The child's referrals (statutory-returns.md) and what the desk recorded on the child for the returns.
    const referrals = await referralsOfChild(this.ds.manager, childId);
    const characteristics = await characteristicsOf(this.ds.manager, childId);

    await appendAudit(this.ds, {
      actor: actor.username,
      actorRole: actor.role,
      action: 'child.read',
      subjectType: 'child',
      subjectId: childId,
      childId,
      details: {
        contacts: ids.length,
        possibleMatchChildIds: possibleMatches.map((p: any) => p.childId),
      },
    });

    return {
      childId,
      ...(requestedId !== childId ? { requestedChildId: requestedId, note: 'merged into this child' } : {}),
      createdAt: iso(child.created_at),
      mergedFrom: mergedFrom.map((r: any) => r.id),
      referrals,
      characteristics,
      contacts: contacts.map((c: any) => ({
        id: c.id,
        receivedAt: iso(c.received_at),
        status: c.status,
        imported: c.imported,
        agency: c.agency,
        cinCode: c.cin_code,
        locality: c.locality,
        sentBy: {
          partner: c.partner_name,
          organisation: c.body?.source?.organisation ?? null,
          referrer: c.body?.source?.referrer ?? null,
        },
        child: c.body?.child,
        concerns: c.body?.concerns,
        consent: c.body?.consent,
        occurredAt: c.body?.occurredAt ?? null,
        deskItem: c.state
          ? {
              state: c.state,
              needLevel: c.need_level,
              route: c.route,
              team: c.team,
              priority: c.priority,
              dueAt: iso(c.due_at),
              overdue: c.overdue,
              claimedBy: c.claimed_by,
            }
          : null,
        decisions: decisions
          .filter((d: any) => d.contact_id === c.id)
          .map((d: any) => ({
            id: d.id,
            current: d.is_current,
            triagedAt: iso(d.triaged_at),
            triggeredBy: d.triggered_by,
            criteriaVersion: d.criteria_version,
            needLevel: d.need_level,
            route: d.route,
            team: d.team,
            priority: d.priority,
            dueAt: iso(d.due_at),
            strategyDiscussion: d.strategy_discussion,
            consentRequired: d.consent_required,
            reasons: d.reasons,
            picture: d.picture,
            history: d.history,
            linkedContactIds: d.linked_contact_ids,
            possibleMatches: d.possible_matches,
          })),
        dutyDecisions: duty.filter((d: any) => d.contact_id === c.id).map(toDutyDecisionView),
        notes: notes
          .filter((n: any) => n.contact_id === c.id)
          .map((n: any) => ({ id: n.id, author: n.author, text: n.body, at: iso(n.created_at) })),
      })),
      possibleMatches,
    };
  }

  /** The child a (possibly merged) child id now lives on. */
  private async survivor(id: string): Promise<string | null> {
    let current = id;
    for (let i = 0; i < 20; i++) {
      const [row] = await this.ds.query('SELECT id, merged_into FROM children WHERE id = $1', [current]);
      if (!row) return null;
      if (!row.merged_into) return row.id;
      current = row.merged_into;
    }
    return current;
  }
}
