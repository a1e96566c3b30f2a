import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { CanonicalContact, ContactTriagedPayload, SlaJob, Topic } from '@app/contracts';
import { CriteriaContact, CriteriaRegistry, evaluate } from '@app/criteria';
import { Problem } from '@app/http';
import { enqueueEvents, SlaTimers } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import type { Actor } from '../queue/claim-item.usecase';

const PRIORITY_RANK: Record<string, number> = {
  IMMEDIATE: 0,
  SAME_DAY: 1,
  ONE_WORKING_DAY: 2,
  THREE_WORKING_DAYS: 3,
  FIVE_WORKING_DAYS: 4,
};

interface ContactRow {
  id: string;
  received_at: Date;
  body: CanonicalContact;
  status: string;
}

function toCriteriaContact(row: ContactRow): CriteriaContact {
  const { child, concerns, consent } = row.body;
  return {
    id: row.id,
    receivedAt: new Date(row.received_at).toISOString(),
    child: {
      firstName: child.firstName,
      lastName: child.lastName,
      dateOfBirth: child.dateOfBirth,
      expectedDateOfBirth: child.expectedDateOfBirth,
      nhsNumber: child.nhsNumber,
      upn: child.upn,
      postcode: child.address?.postcode,
    },
    indicators: concerns.indicators ?? [],
    immediateRisk: !!concerns.immediateRisk,
    allegedPerpetratorHasAccess: !!concerns.allegedPerpetratorHasAccess,
    consent,
  };
}

/**
 * A worker's verdict on a possible match. Rejected: recorded, and the match is no longer offered. Confirmed:
 * the two children become one (the older record is kept, the other marked merged into it, as triage merges)
 * and every contact of the child still awaiting a duty decision is re-triaged with the joined history, at
 * the time of the latest contact known about the child; as in triage, a held item is never lowered and its
 * holder is told when it is raised (contact.triaged.v1 with raisedWhileHeld).
 */
@Injectable()
export class ReviewMatchUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly criteria: CriteriaRegistry,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
  ) {}

  async reject(childId: string, otherContactId: string, actor: Actor, reason?: unknown) {
    return this.ds.transaction(async (m) => {
      await this.offered(m, childId, otherContactId);
      await this.review(m, childId, otherContactId, 'rejected', actor, reason);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.match_rejected',
        subjectType: 'child',
        subjectId: childId,
        childId,
        details: { otherContactId },
      });
      return { childId, verdict: 'rejected' };
    });
  }

  async confirm(childId: string, otherContactId: string, actor: Actor, reason?: unknown) {
    const { result, timers } = await this.ds.transaction(async (m) => {
      const otherChild = await this.offered(m, childId, otherContactId);
      await lockKeys(m, 'child', [childId, otherChild]);
      const [keep]: { id: string }[] = await m.query(
        'SELECT id FROM children WHERE id = ANY($1::uuid[]) ORDER BY created_at, id LIMIT 1',
        [[childId, otherChild]],
      );
      const gone = keep.id === childId ? otherChild : childId;
      await m.query('UPDATE contacts SET child_id = $1 WHERE child_id = $2', [keep.id, gone]);
      await m.query('UPDATE decisions SET child_id = $1 WHERE child_id = $2', [keep.id, gone]);
      await m.query('UPDATE desk_items SET child_id = $1 WHERE child_id = $2', [keep.id, gone]);
      await m.query('UPDATE duty_decisions SET child_id = $1 WHERE child_id = $2', [keep.id, gone]);
      await m.query('UPDATE match_reviews SET child_id = $1 WHERE child_id = $2', [keep.id, gone]);
      await m.query('UPDATE children SET merged_into = $1 WHERE id = $2 OR merged_into = $2', [
        keep.id,
        gone,
      ]);
      await this.review(m, keep.id, otherContactId, 'confirmed', actor, reason);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'child.merge',
        subjectType: 'child',
        subjectId: keep.id,
        childId: keep.id,
        details: { mergedChildId: gone, confirmedContactId: otherContactId },
      });
      const timers = await this.retriage(m, keep.id);
      return {
        result: { childId: keep.id, mergedChildId: gone, verdict: 'confirmed', retriaged: timers.length },
        timers,
      };
    });
    if (timers.length) await this.timers.schedule(timers);
    return result;
  }

  /** The other contact's child, provided the match is on offer for this child. */
  private async offered(m: EntityManager, childId: string, otherContactId: string): Promise<string> {
    const [other] = await m.query('SELECT child_id FROM contacts WHERE id = $1', [otherContactId]);
    const [offer] = await m.query(
      `SELECT 1 FROM decisions WHERE child_id = $1 AND is_current
          AND possible_matches @> $2::jsonb`,
      [childId, JSON.stringify([{ contactId: otherContactId }])],
    );
    if (!other || !offer) throw Problem.notFound('No such possible match for this child');
    if (!other.child_id || other.child_id === childId)
      throw Problem.conflict('That contact is already about this child');
    const [done] = await m.query(
      'SELECT verdict FROM match_reviews WHERE child_id = $1 AND other_contact_id = $2',
      [childId, otherContactId],
    );
    if (done) throw Problem.conflict(`This match was already ${done.verdict}`);
    return other.child_id;
  }

  private async review(
    m: EntityManager,
    childId: string,
    otherContactId: string,
    verdict: 'confirmed' | 'rejected',
    actor: Actor,
    reason: unknown,
  ) {
    await m.query(
      `INSERT INTO match_reviews (id, child_id, other_contact_id, verdict, actor, reason) VALUES ($1,$2,$3,$4,$5,$6)`,
      [
        randomUUID(),
        childId,
        otherContactId,
        verdict,
        actor.username,
        typeof reason === 'string' ? reason : null,
      ],
    );
  }

  private async retriage(m: EntityManager, childId: string): Promise<SlaJob[]> {
    const contacts: ContactRow[] = await m.query(
      `SELECT id, received_at, body, status FROM contacts WHERE child_id = $1 ORDER BY received_at, id`,
      [childId],
    );
    const awaiting = contacts.filter((c) => c.status === 'triaged');
    if (!awaiting.length) return [];
    const latest = contacts[contacts.length - 1];
    const T = new Date(latest.received_at);
    const desk = await m.query(
      'SELECT contact_id, need_level, priority, claimed_by, state, route, team FROM desk_items WHERE child_id = $1',
      [childId],
    );
    const byContact = new Map<string, any>(desk.map((d: any) => [d.contact_id, d]));
    const criteria = this.criteria.current();
    const timers: SlaJob[] = [];
    const events: { topic: typeof Topic.ContactTriaged; key: string; payload: ContactTriagedPayload }[] = [];
    const now = new Date();
    for (const contact of awaiting) {
      const open = desk.find(
        (d: any) => d.contact_id !== contact.id && d.route === 'STATUTORY_ASSESSMENT' && d.state !== 'closed',
      );
      const others = contacts.filter((c) => c.id !== contact.id).map(toCriteriaContact);
      const decision = evaluate(
        {
          contact: toCriteriaContact(contact),
          sameChildContacts: others,
          openCase: open ? { team: open.team ?? 'ASSESSMENT' } : null,
          at: T,
        },
        criteria,
      );
      const held = byContact.get(contact.id);
      const isHeld = !!held?.claimed_by;
      const raised =
        !!held &&
        (decision.needLevel > held.need_level ||
          PRIORITY_RANK[decision.priority] < PRIORITY_RANK[held.priority]);
      const lowered =
        !!held &&
        (decision.needLevel < held.need_level ||
          PRIORITY_RANK[decision.priority] > PRIORITY_RANK[held.priority]);
      if (isHeld && lowered) continue;
      const [prev] = await m.query(
        'SELECT possible_matches FROM decisions WHERE contact_id = $1 AND is_current',
        [contact.id],
      );
      const sameIds = new Set(contacts.map((c) => c.id));
      const stillPossible = (prev?.possible_matches ?? []).filter((p: any) => !sameIds.has(p.contactId));
      await m.query('UPDATE decisions SET is_current = false WHERE contact_id = $1 AND is_current', [
        contact.id,
      ]);
      const decisionId = randomUUID();
      await m.query(
        `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route, team,
                                priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                                linked_contact_ids, possible_matches, is_current)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,true)`,
        [
          decisionId,
          contact.id,
          childId,
          latest.id,
          now,
          decision.criteriaVersion,
          decision.needLevel,
          decision.route,
          decision.team,
          decision.priority,
          decision.dueAt,
          decision.strategyDiscussion,
          decision.consentRequired,
          JSON.stringify(decision.reasons),
          JSON.stringify(decision.picture),
          decision.history,
          JSON.stringify(others.map((o) => o.id)),
          JSON.stringify(stillPossible),
        ],
      );
      await m.query(
        `UPDATE desk_items SET need_level = $2, route = $3, team = $4, priority = $5, priority_rank = $6, due_at = $7,
                overdue = $7 <= now() AND overdue, updated_at = now() WHERE contact_id = $1`,
        [
          contact.id,
          decision.needLevel,
          decision.route,
          decision.team,
          decision.priority,
          PRIORITY_RANK[decision.priority],
          decision.dueAt,
        ],
      );
      timers.push({ contactId: contact.id, dueAt: decision.dueAt });
      events.push({
        topic: Topic.ContactTriaged,
        key: childId,
        payload: {
          contactId: contact.id,
          childId,
          decisionId,
          triggeredBy: latest.id,
          triagedAt: now.toISOString(),
          criteriaVersion: decision.criteriaVersion,
          needLevel: decision.needLevel,
          route: decision.route,
          team: decision.team,
          priority: decision.priority,
          dueAt: decision.dueAt,
          ...(isHeld && raised ? { raisedWhileHeld: true } : {}),
        },
      });
    }
    await enqueueEvents(m, events);
    return timers;
  }
}
