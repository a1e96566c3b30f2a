import { ConflictError, DomainError, ForbiddenError, NotFoundError } from '@app/contracts';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { QueueEvents } from '../live/queue-events';
import { CLAIM_IDLE_MINUTES, DESK_ITEM_COLUMNS, DeskItemView, toDeskItemView } from './desk-item.view';

export interface Actor {
  username: string;
  role: string;
}

const CLAIMABLE = `d.state IN ('awaiting','decided')
  AND (d.claimed_by IS NULL OR d.claimed_by = $2 OR d.claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES}))`;

/**
 * One holder per item. The row is taken with FOR UPDATE SKIP LOCKED: of two workers claiming at once, one
 * locks and takes it, the other skips the locked row and is told someone else holds it. A claim idle for
 * 30 minutes counts as released.
 */
@Injectable()
export class ClaimItemUseCase {
  constructor(
    private readonly ds: DataSource,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async claim(contactId: string, actor: Actor): Promise<DeskItemView> {
    const item = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT d.contact_id FROM desk_items d WHERE d.contact_id = $1 AND ${CLAIMABLE} FOR UPDATE SKIP LOCKED`,
        [contactId, actor.username],
      );
      if (!row) throw await this.whyNot(m, contactId);
      return this.take(m, contactId, actor);
    });
    this.events?.publish('claimed', contactId, actor.username);
    return item;
  }

  /** Claims the first unheld awaiting item in queue order (optionally within a team or locality). */
  async claimNext(actor: Actor, f: { team?: string; locality?: string }): Promise<DeskItemView | null> {
    const item = await this.ds.transaction(async (m) => {
      const [row] = await m.query(
        `SELECT d.contact_id FROM desk_items d
          WHERE d.state = 'awaiting'
            AND (d.claimed_by IS NULL OR d.claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES}))
            AND ($1::text IS NULL OR d.team = $1) AND ($2::text IS NULL OR d.locality = $2)
          ORDER BY d.due_at, d.priority_rank, d.contact_id
          LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [f.team ?? null, f.locality ?? null],
      );
      return row ? this.take(m, row.contact_id, actor) : null;
    });
    if (item) this.events?.publish('claimed', item.contactId, actor.username);
    return item;
  }

  /** The holder lets go; a duty manager may release anyone's claim. */
  async release(contactId: string, actor: Actor, anyHolder: boolean): Promise<DeskItemView> {
    const item = await this.ds.transaction(async (m) => {
      const [row] = await m.query('SELECT claimed_by FROM desk_items WHERE contact_id = $1 FOR UPDATE', [
        contactId,
      ]);
      if (!row) throw new NotFoundError('No such item on the desk');
      if (!row.claimed_by) throw new ConflictError('Nobody holds this item');
      if (row.claimed_by !== actor.username && !anyHolder)
        throw new ForbiddenError('Only the holder or a duty manager may release this claim');
      await m.query('UPDATE desk_items SET claimed_by = NULL, claimed_at = NULL WHERE contact_id = $1', [
        contactId,
      ]);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'desk_item.release',
        subjectType: 'contact',
        subjectId: contactId,
        details: { holder: row.claimed_by },
      });
      return this.read(m, contactId);
    });
    this.events?.publish('released', contactId, actor.username);
    return item;
  }

  /** Releases every claim idle for 30 minutes (run every minute by the claim sweeper). */
  async releaseIdle(): Promise<string[]> {
    const released = await this.ds.transaction(async (m) => {
      const [rows]: [{ contact_id: string; holder: string }[], number] = await m.query(
        `UPDATE desk_items d SET claimed_by = NULL, claimed_at = NULL
           FROM (SELECT contact_id, claimed_by FROM desk_items
                  WHERE claimed_by IS NOT NULL AND claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES})
                  FOR UPDATE SKIP LOCKED) idle
          WHERE d.contact_id = idle.contact_id
          RETURNING d.contact_id, idle.claimed_by AS holder`,
      );
      for (const r of rows) {
        await appendAudit(m, {
          actor: 'system',
          action: 'desk_item.claim_lapsed',
          subjectType: 'contact',
          subjectId: r.contact_id,
          details: { holder: r.holder, idleMinutes: CLAIM_IDLE_MINUTES },
        });
      }
      return rows.map((r) => r.contact_id);
    });
    for (const id of released) this.events?.publish('released', id, 'system');
    return released;
  }

  private async take(m: EntityManager, contactId: string, actor: Actor): Promise<DeskItemView> {
    await m.query('UPDATE desk_items SET claimed_by = $2, claimed_at = now() WHERE contact_id = $1', [
      contactId,
      actor.username,
    ]);
    await appendAudit(m, {
      actor: actor.username,
      actorRole: actor.role,
      action: 'desk_item.claim',
      subjectType: 'contact',
      subjectId: contactId,
    });
    return this.read(m, contactId);
  }

  private async read(m: EntityManager, contactId: string): Promise<DeskItemView> {
    const [r] = await m.query(
      `SELECT ${DESK_ITEM_COLUMNS} FROM desk_items d JOIN contacts c ON c.id = d.contact_id WHERE d.contact_id = $1`,
      [contactId],
    );
    return toDeskItemView(r);
  }

  private async whyNot(m: EntityManager, contactId: string): Promise<DomainError> {
    const [r] = await m.query('SELECT state, claimed_by FROM desk_items WHERE contact_id = $1', [contactId]);
    if (!r) return new NotFoundError('No such item on the desk');
    if (r.state === 'closed') return new ConflictError('This item is closed');
    return new ConflictError(
      r.claimed_by ? `Held by ${r.claimed_by}` : 'Another worker is claiming this item at this moment',
    );
  }
}
