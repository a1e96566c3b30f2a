import { ConflictError, NotFoundError } from '@app/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { CriteriaRegistry } from '@app/criteria';
import {
  CONTACT_COLUMNS,
  ContactRow,
  decideAwaitingContacts,
  DecisionTimer,
  SlaTimers,
} from '@app/decisions';
import { lockKeys } from '@app/persistence';
import type { Actor } from '../actor';

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

  async reject(childId: string, otherContactId: string, actor: Actor, reason?: string) {
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

  async confirm(childId: string, otherContactId: string, actor: Actor, reason?: string) {
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
    if (!other || !offer) throw new NotFoundError('No such possible match for this child');
    if (!other.child_id || other.child_id === childId)
      throw new ConflictError('That contact is already about this child');
    const [done] = await m.query(
      'SELECT verdict FROM match_reviews WHERE child_id = $1 AND other_contact_id = $2',
      [childId, otherContactId],
    );
    if (done) throw new ConflictError(`This match was already ${done.verdict}`);
    return other.child_id;
  }

  private async review(
    m: EntityManager,
    childId: string,
    otherContactId: string,
    verdict: 'confirmed' | 'rejected',
    actor: Actor,
    reason: string | undefined,
  ) {
    await m.query(
      `INSERT INTO match_reviews (id, child_id, other_contact_id, verdict, actor, reason) VALUES ($1,$2,$3,$4,$5,$6)`,
      [randomUUID(), childId, otherContactId, verdict, actor.username, reason ?? null],
    );
  }

  /**
   * Decides again every contact of the merged child still awaiting a duty decision, as triage would at
   * the arrival of the child's latest contact (the same shared rules: @app/decisions).
   */
  private async retriage(m: EntityManager, childId: string): Promise<DecisionTimer[]> {
    const [latest]: ContactRow[] = await m.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE child_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`,
      [childId],
    );
    return decideAwaitingContacts(m, this.criteria.current(), {
      trigger: latest,
      childId,
      possibleMatches: [],
      includeTrigger: false,
      triagedAt: new Date(),
    });
  }
}
