import { ConflictError, NotFoundError, RuleBrokenError } from '@app/contracts';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { appendAudit } from '@app/audit';
import { recordPartnerFeedback, SlaTimers } from '@app/decisions';
import { lockKeys } from '@app/persistence';
import { ReferralRecorder } from '../referrals/referral-recorder';
import { QueueEvents } from '../live/queue-events';
import type { Actor } from './claim-item.usecase';
import type { CloseBody, OverrideBody } from './queue.openapi';
import { CLAIM_IDLE_MINUTES } from './desk-item.view';

interface HeldRow {
  contact_id: string;
  child_id: string;
  state: string;
  claimed_by: string | null;
  claimed_at: Date | null;
  need_level: number;
  route: string;
  team: string | null;
  priority: string;
  due_at: Date;
}

/**
 * The duty worker's decisions on an item they hold: confirm the recommendation, override level, route or
 * team with a reason, add notes, close with an outcome. Each is one transaction with its audit entry, taken
 * under the child's lock so a concurrent re-triage of the same child waits. The recommendation (the triage
 * decision) is never changed: each duty decision keeps a copy of the recommendation it answered.
 */
@Injectable()
export class DecideItemUseCase {
  constructor(
    private readonly ds: DataSource,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
    private readonly referrals: ReferralRecorder,
    @Optional() private readonly events?: QueueEvents,
  ) {}

  async confirm(contactId: string, actor: Actor, note?: string) {
    const result = await this.ds.transaction(async (m) => {
      const item = await this.held(m, contactId, actor, ['awaiting']);
      const rec = await this.recommendation(m, contactId);
      const id = await this.record(m, item, actor, 'confirm', rec, {
        needLevel: rec.need_level,
        route: rec.route,
        team: rec.team,
      });
      await this.decided(m, contactId, rec);
      if (note !== undefined) await this.addNote(m, contactId, actor, note);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.confirm',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.child_id,
        details: {
          dutyDecisionId: id,
          recommendationId: rec.id,
          needLevel: rec.need_level,
          route: rec.route,
        },
      });
      return { dutyDecisionId: id, state: 'decided' };
    });
    await this.timers.cancel(contactId);
    this.events?.publish('decided', contactId, actor.username);
    return result;
  }

  async override(contactId: string, actor: Actor, cmd: OverrideBody) {
    const reason = cmd.reason.trim();
    const result = await this.ds.transaction(async (m) => {
      const item = await this.held(m, contactId, actor, ['awaiting']);
      const rec = await this.recommendation(m, contactId);
      const chosen = {
        needLevel: cmd.needLevel ?? rec.need_level,
        route: cmd.route ?? rec.route,
        team: cmd.team !== undefined ? cmd.team : rec.team,
      };
      if (chosen.needLevel === rec.need_level && chosen.route === rec.route && chosen.team === rec.team)
        throw new RuleBrokenError([
          { path: '', message: 'the override is the same as the recommendation: confirm it instead' },
        ]);
      const id = await this.record(m, item, actor, 'override', rec, chosen, { reason });
      await this.decided(m, contactId, {
        need_level: chosen.needLevel,
        route: chosen.route,
        team: chosen.team,
      });
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.override',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.child_id,
        details: {
          dutyDecisionId: id,
          recommendationId: rec.id,
          recommended: { needLevel: rec.need_level, route: rec.route, team: rec.team },
          decided: chosen,
        },
      });
      return { dutyDecisionId: id, state: 'decided', ...chosen };
    });
    await this.timers.cancel(contactId);
    this.events?.publish('decided', contactId, actor.username);
    return result;
  }

  async close(contactId: string, actor: Actor, cmd: CloseBody) {
    const closed = await this.ds.transaction(async (m) => {
      const item = await this.held(m, contactId, actor, ['decided']);
      const rec = await this.recommendation(m, contactId);
      const id = await this.record(
        m,
        item,
        actor,
        'close',
        rec,
        { needLevel: item.need_level, route: item.route, team: item.team },
        { outcome: cmd.outcome, cinNoFurtherAction: cmd.cinNoFurtherAction },
      );
      if (cmd.note !== undefined) await this.addNote(m, contactId, actor, cmd.note);
      // A referral outcome makes or joins the child's referral (statutory-returns.md).
      const referral = await this.referrals.onClose(m, {
        contactId,
        outcome: cmd.outcome,
        noFurtherAction: cmd.cinNoFurtherAction,
        primaryNeed: cmd.primaryNeed ?? null,
        decidedAt: new Date(),
        team: item.team,
        worker: actor.username,
        imported: false,
      });
      await m.query(
        `UPDATE desk_items SET state = 'closed', claimed_by = NULL, claimed_at = NULL, updated_at = now()
          WHERE contact_id = $1`,
        [contactId],
      );
      await m.query(`UPDATE contacts SET status = 'closed' WHERE id = $1`, [contactId]);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'decision.close',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.child_id,
        details: {
          dutyDecisionId: id,
          outcome: cmd.outcome,
          cinNoFurtherAction: cmd.cinNoFurtherAction,
          ...(referral ? { referralId: referral.referralId, joinedReferral: referral.joined } : {}),
        },
      });
      return {
        dutyDecisionId: id,
        state: 'closed',
        ...(referral
          ? {
              referral: {
                id: referral.referralId,
                joined: referral.joined,
                primaryNeed: referral.primaryNeed,
              },
            }
          : {}),
      };
    });
    this.events?.publish('closed', contactId, actor.username);
    return closed;
  }

  /** Notes may be added by any duty decider, held or not; the text is kept, the audit names only its id. */
  async note(contactId: string, actor: Actor, text: string) {
    return this.ds.transaction(async (m) => {
      const [item] = await m.query('SELECT child_id FROM desk_items WHERE contact_id = $1', [contactId]);
      if (!item) throw new NotFoundError('No such item on the desk');
      const id = await this.addNote(m, contactId, actor, text);
      await m.query('UPDATE desk_items SET claimed_at = now() WHERE contact_id = $1 AND claimed_by = $2', [
        contactId,
        actor.username,
      ]);
      await appendAudit(m, {
        actor: actor.username,
        actorRole: actor.role,
        action: 'desk_item.note',
        subjectType: 'contact',
        subjectId: contactId,
        childId: item.child_id,
        details: { noteId: id },
      });
      return { noteId: id };
    });
  }

  /** The text was checked by its body's DTO (NoteBody, ConfirmBody, CloseBody): 1 to 8000 characters. */
  private async addNote(m: EntityManager, contactId: string, actor: Actor, text: string): Promise<string> {
    const body = text.trim();
    const id = randomUUID();
    await m.query('INSERT INTO desk_notes (id, contact_id, author, body) VALUES ($1,$2,$3,$4)', [
      id,
      contactId,
      actor.username,
      body,
    ]);
    return id;
  }

  /** The item, locked, provided the actor holds it (and the claim has not lapsed) and it is in `states`. */
  private async held(m: EntityManager, contactId: string, actor: Actor, states: string[]): Promise<HeldRow> {
    const [peek] = await m.query('SELECT child_id FROM desk_items WHERE contact_id = $1', [contactId]);
    if (!peek) throw new NotFoundError('No such item on the desk');
    await lockKeys(m, 'child', [peek.child_id]);
    const [item]: HeldRow[] = await m.query(
      `SELECT contact_id, child_id, state, claimed_by, claimed_at, need_level, route, team, priority, due_at
         FROM desk_items WHERE contact_id = $1 FOR UPDATE`,
      [contactId],
    );
    const lapsed =
      !!item.claimed_at && new Date(item.claimed_at).getTime() < Date.now() - CLAIM_IDLE_MINUTES * 60000;
    if (item.claimed_by !== actor.username || lapsed)
      throw new ConflictError(
        item.claimed_by && item.claimed_by !== actor.username
          ? `Held by ${item.claimed_by}: claim it first`
          : 'Claim this item first (a claim idle for 30 minutes is released)',
      );
    if (!states.includes(item.state))
      throw new ConflictError(`This item is ${item.state}; this needs it to be ${states.join(' or ')}`);
    return item;
  }

  private async recommendation(m: EntityManager, contactId: string) {
    const [rec] = await m.query(
      `SELECT id, need_level, route, team, priority, due_at, criteria_version FROM decisions
        WHERE contact_id = $1 AND is_current`,
      [contactId],
    );
    if (!rec) throw new ConflictError('This contact has no recommendation yet');
    return rec as {
      id: string;
      need_level: number;
      route: string;
      team: string | null;
      priority: string;
      due_at: Date;
      criteria_version: string;
    };
  }

  private async record(
    m: EntityManager,
    item: HeldRow,
    actor: Actor,
    kind: 'confirm' | 'override' | 'close',
    rec: Awaited<ReturnType<DecideItemUseCase['recommendation']>>,
    chosen: { needLevel: number; route: string; team: string | null },
    extra: { reason?: string; outcome?: string; cinNoFurtherAction?: boolean } = {},
  ): Promise<string> {
    const id = randomUUID();
    await m.query(
      `INSERT INTO duty_decisions (id, contact_id, child_id, kind, actor, actor_role, recommendation_id, recommended,
                                   need_level, route, team, reason, outcome, cin_no_further_action)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        id,
        item.contact_id,
        item.child_id,
        kind,
        actor.username,
        actor.role,
        rec.id,
        JSON.stringify({
          needLevel: rec.need_level,
          route: rec.route,
          team: rec.team,
          priority: rec.priority,
          dueAt: new Date(rec.due_at).toISOString(),
          criteriaVersion: rec.criteria_version,
        }),
        chosen.needLevel,
        chosen.route,
        chosen.team,
        extra.reason ?? null,
        extra.outcome ?? null,
        extra.cinNoFurtherAction ?? null,
      ],
    );
    // Feedback owed to the referrer, in the decision's own transaction (README "Feedback to referrers").
    await recordPartnerFeedback(m, item.contact_id, kind === 'close' ? 'closed' : 'decided');
    return id;
  }

  private async decided(
    m: EntityManager,
    contactId: string,
    d: { need_level: number; route: string; team: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE desk_items SET state = 'decided', need_level = $2, route = $3, team = $4, claimed_at = now(),
              updated_at = now() WHERE contact_id = $1`,
      [contactId, d.need_level, d.route, d.team],
    );
    await m.query(`UPDATE contacts SET status = 'decided' WHERE id = $1`, [contactId]);
  }
}
