import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { CONTACT_COLUMNS, ContactRow } from '@app/decisions';
import { lockKeys, DataSourceRepository } from '@app/persistence';

/** What is known of a possible match when a worker gives a verdict on it. */
export interface MatchOffer {
  /** The child the other contact is recorded against (null: none yet). */
  otherChildId: string | null;
  /** The child's current decisions offer it. */
  offered: boolean;
  /** A verdict already given on it, if any. */
  verdict: 'confirmed' | 'rejected' | null;
}

/**
 * Workers' verdicts on possible matches, and the merge of two children a confirmed match makes: the one way
 * match reviews reach these tables. Every method takes the verdict's transaction.
 */
@Injectable()
export class MatchReviewsRepository extends DataSourceRepository {
  /** Null when the other contact does not exist. */
  async offer(m: EntityManager, childId: string, otherContactId: string): Promise<MatchOffer | null> {
    const [other]: { child_id: string | null }[] = await m.query(
      'SELECT child_id FROM contacts WHERE id = $1',
      [otherContactId],
    );
    if (!other) return null;
    const [offer] = await m.query(
      `SELECT 1 FROM decisions WHERE child_id = $1 AND is_current AND possible_matches @> $2::jsonb`,
      [childId, JSON.stringify([{ contactId: otherContactId }])],
    );
    const [done]: { verdict: 'confirmed' | 'rejected' }[] = await m.query(
      'SELECT verdict FROM match_reviews WHERE child_id = $1 AND other_contact_id = $2',
      [childId, otherContactId],
    );
    return { otherChildId: other.child_id, offered: !!offer, verdict: done?.verdict ?? null };
  }

  async recordVerdict(
    m: EntityManager,
    v: {
      childId: string;
      otherContactId: string;
      verdict: 'confirmed' | 'rejected';
      by: string;
      reason?: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO match_reviews (id, child_id, other_contact_id, verdict, actor, reason) VALUES ($1,$2,$3,$4,$5,$6)`,
      [randomUUID(), v.childId, v.otherContactId, v.verdict, v.by, v.reason ?? null],
    );
  }

  /**
   * Makes two children one, under both children's locks (as triage merges): the older record is kept, every
   * row of the other moves to it, and the other is marked merged into it. Returns which was kept.
   */
  /** Merges the newer child into the older; returns both and the contacts that moved (for the audit). */
  async merge(
    m: EntityManager,
    a: string,
    b: string,
  ): Promise<{ kept: string; gone: string; movedContactIds: string[] }> {
    await lockKeys(m, 'child', [a, b]);
    const [keep]: { id: string }[] = await m.query(
      'SELECT id FROM children WHERE id = ANY($1::uuid[]) ORDER BY created_at, id LIMIT 1',
      [[a, b]],
    );
    const gone = keep.id === a ? b : a;
    const [moved]: [{ id: string }[], number] = await m.query(
      'UPDATE contacts SET child_id = $1 WHERE child_id = $2 RETURNING id',
      [keep.id, gone],
    );
    for (const table of ['decisions', 'desk_items', 'duty_decisions', 'match_reviews']) {
      await m.query(`UPDATE ${table} SET child_id = $1 WHERE child_id = $2`, [keep.id, gone]);
    }
    await m.query('UPDATE children SET merged_into = $1 WHERE id = $2 OR merged_into = $2', [keep.id, gone]);
    return { kept: keep.id, gone, movedContactIds: moved.map((r) => r.id) };
  }

  /** The child's latest contact: the moment the merged child's awaiting contacts are decided again at. */
  async latestContact(m: EntityManager, childId: string): Promise<ContactRow> {
    const [latest]: ContactRow[] = await m.query(
      `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE child_id = $1 ORDER BY received_at DESC, id DESC LIMIT 1`,
      [childId],
    );
    return latest;
  }
}
