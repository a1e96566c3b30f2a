import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { recordPartnerFeedback, TriageDecisionJson } from '@app/decisions';
import { lockKeys, DataSourceRepository } from '@app/persistence';
import {
  CLAIM_IDLE_MINUTES,
  DESK_ITEM_COLUMNS,
  DeskItemView,
  QUEUE_ROW_COLUMNS,
  QUEUE_TOTAL_CAP,
  QueueRow,
  QueueRowView,
  toDeskItemView,
  toQueueRowView,
} from './desk-item.view';

/** A desk item as the duty decisions need it, locked for the decision's transaction. */
export interface LockedItem {
  contactId: string;
  childId: string;
  state: string;
  claimedBy: string | null;
  claimedAt: Date | null;
  needLevel: number;
  route: string;
  team: string | null;
}

/** The triage decision a duty decision answers (never changed by the desk). */
export interface Recommendation {
  id: string;
  needLevel: number;
  route: string;
  team: string | null;
  priority: string;
  dueAt: Date;
  criteriaVersion: string;
}

export interface DutyDecisionRow {
  contactId: string;
  childId: string;
  kind: 'confirm' | 'override' | 'close';
  actor: { username: string; role: string };
  recommendation: Recommendation;
  chosen: { needLevel: number; route: string; team: string | null };
  reason?: string;
  outcome?: string;
  cinNoFurtherAction?: boolean;
}

/** A duty decision as the desk shows it, with the recommendation it answered. */
export interface DutyDecisionView {
  id: string;
  contactId: string;
  kind: string;
  by: string;
  role: string;
  at: string;
  recommendationId: string;
  recommended: unknown;
  decided: { needLevel: number; route: string; team: string | null };
  reason: string | null;
  outcome: string | null;
  cinNoFurtherAction: boolean | null;
}

export interface NoteView {
  id: string;
  contactId: string;
  author: string;
  text: string;
  at: string;
}

/** The current triage decision as the item view shows it. */
export type RecommendationView = { decisionId: string } & TriageDecisionJson<
  | 'triagedAt'
  | 'triggeredBy'
  | 'criteriaVersion'
  | 'needLevel'
  | 'route'
  | 'team'
  | 'priority'
  | 'dueAt'
  | 'strategyDiscussion'
  | 'consentRequired'
  | 'reasons'
>;

/** The view leaves out which contact each duty decision and note belongs to: the caller lists them under it. */
export const withoutContact = <T extends { contactId: string }>({ contactId: _, ...rest }: T) => rest;

/** The queue's filters, validated: `availableTo` (a username) takes in items no one holds and items they hold. */
export interface QueueFilterValues {
  status: 'awaiting' | 'decided' | 'closed' | 'all';
  team?: string;
  locality?: string;
  route?: string;
  level?: number;
  overdue?: boolean;
  claimedBy?: string;
  availableTo?: string;
}

/** A queue row and its keyset (due time exactly as stored, priority rank, contact id). */
export interface QueuePageRow {
  view: QueueRowView;
  keyset: [string, number, string];
}

/** A desk item the SLA timer may mark overdue, as the overdue alert describes it. */
export interface OverdueCandidate {
  contactId: string;
  childId: string;
  needLevel: number;
  priority: string;
  team: string | null;
  locality: string;
  dueAt: Date;
  state: string;
  claimedBy: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** An item may be claimed when it is open and unheld, held by the caller, or its claim has lapsed. */
const CLAIMABLE = `d.state IN ('awaiting','decided')
  AND (d.claimed_by IS NULL OR d.claimed_by = $2 OR d.claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES}))`;

/**
 * The duty desk's items, claims, duty decisions and notes: the one way the queue's use cases reach these
 * tables. Every method that changes something takes the caller's transaction (`transaction`), so a decision,
 * its audit entry and the referrer's feedback commit together.
 */
@Injectable()
export class DeskItemsRepository extends DataSourceRepository {
  async view(m: EntityManager, contactId: string): Promise<DeskItemView> {
    const [r] = await m.query(
      `SELECT ${DESK_ITEM_COLUMNS} FROM desk_items d JOIN contacts c ON c.id = d.contact_id WHERE d.contact_id = $1`,
      [contactId],
    );
    return toDeskItemView(r);
  }

  /**
   * Locks the item when `username` may claim it. FOR UPDATE SKIP LOCKED: of two workers claiming at once,
   * one locks it and the other is told someone else holds it.
   */
  async lockClaimable(m: EntityManager, contactId: string, username: string): Promise<boolean> {
    const [row] = await m.query(
      `SELECT d.contact_id FROM desk_items d WHERE d.contact_id = $1 AND ${CLAIMABLE} FOR UPDATE SKIP LOCKED`,
      [contactId, username],
    );
    return !!row;
  }

  /** The first unheld awaiting item in queue order (optionally within a team or locality), locked. */
  async lockNextClaimable(m: EntityManager, f: { team?: string; locality?: string }): Promise<string | null> {
    const [row] = await m.query(
      `SELECT d.contact_id FROM desk_items d
        WHERE d.state = 'awaiting'
          AND (d.claimed_by IS NULL OR d.claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES}))
          AND ($1::text IS NULL OR d.team = $1) AND ($2::text IS NULL OR d.locality = $2)
        ORDER BY d.due_at, d.priority_rank, d.contact_id
        LIMIT 1 FOR UPDATE SKIP LOCKED`,
      [f.team ?? null, f.locality ?? null],
    );
    return row?.contact_id ?? null;
  }

  /** The item's state and holder, unlocked (to explain a refused claim), or null when there is no item. */
  async claimState(
    m: EntityManager,
    contactId: string,
  ): Promise<{ state: string; claimedBy: string | null } | null> {
    const [r] = await m.query('SELECT state, claimed_by FROM desk_items WHERE contact_id = $1', [contactId]);
    return r ? { state: r.state, claimedBy: r.claimed_by } : null;
  }

  /** The item's holder, locked; undefined when there is no item. */
  async lockHolder(m: EntityManager, contactId: string): Promise<{ claimedBy: string | null } | undefined> {
    const [r] = await m.query('SELECT claimed_by FROM desk_items WHERE contact_id = $1 FOR UPDATE', [
      contactId,
    ]);
    return r ? { claimedBy: r.claimed_by } : undefined;
  }

  /** Gives the item to `username` from now, or lets it go (null). */
  async setHolder(m: EntityManager, contactId: string, username: string | null): Promise<void> {
    await m.query(
      `UPDATE desk_items SET claimed_by = $2, claimed_at = CASE WHEN $2::text IS NULL THEN NULL ELSE now() END
        WHERE contact_id = $1`,
      [contactId, username],
    );
  }

  /** Releases every claim idle for CLAIM_IDLE_MINUTES; returns the items and who held them. */
  async releaseIdleClaims(m: EntityManager): Promise<{ contactId: string; holder: string }[]> {
    const [rows]: [{ contact_id: string; holder: string }[], number] = await m.query(
      `UPDATE desk_items d SET claimed_by = NULL, claimed_at = NULL
         FROM (SELECT contact_id, claimed_by FROM desk_items
                WHERE claimed_by IS NOT NULL AND claimed_at < now() - make_interval(mins => ${CLAIM_IDLE_MINUTES})
                FOR UPDATE SKIP LOCKED) idle
        WHERE d.contact_id = idle.contact_id
        RETURNING d.contact_id, idle.claimed_by AS holder`,
    );
    return rows.map((r) => ({ contactId: r.contact_id, holder: r.holder }));
  }

  /** The child an item is about, or null when there is no such item. */
  async childOf(m: EntityManager, contactId: string): Promise<string | null> {
    const [r] = await m.query('SELECT child_id FROM desk_items WHERE contact_id = $1', [contactId]);
    return r?.child_id ?? null;
  }

  /**
   * The item locked for a decision, taken under its child's lock first so a concurrent re-triage of the same
   * child waits (triage takes the same lock). Null when there is no such item.
   */
  async lockForDecision(m: EntityManager, contactId: string): Promise<LockedItem | null> {
    const childId = await this.childOf(m, contactId);
    if (!childId) return null;
    await lockKeys(m, 'child', [childId]);
    const [r] = await m.query(
      `SELECT contact_id, child_id, state, claimed_by, claimed_at, need_level, route, team
         FROM desk_items WHERE contact_id = $1 FOR UPDATE`,
      [contactId],
    );
    return {
      contactId: r.contact_id,
      childId: r.child_id,
      state: r.state,
      claimedBy: r.claimed_by,
      claimedAt: r.claimed_at,
      needLevel: r.need_level,
      route: r.route,
      team: r.team,
    };
  }

  async currentRecommendation(m: EntityManager, contactId: string): Promise<Recommendation | null> {
    const [r] = await m.query(
      `SELECT id, need_level, route, team, priority, due_at, criteria_version FROM decisions
        WHERE contact_id = $1 AND is_current`,
      [contactId],
    );
    if (!r) return null;
    return {
      id: r.id,
      needLevel: r.need_level,
      route: r.route,
      team: r.team,
      priority: r.priority,
      dueAt: r.due_at,
      criteriaVersion: r.criteria_version,
    };
  }

  /**
   * Records a duty decision with a copy of the recommendation it answered, and the feedback owed to the
   * referrer in the same transaction (README "Feedback to referrers").
   */
  async insertDutyDecision(m: EntityManager, d: DutyDecisionRow): Promise<string> {
    const id = randomUUID();
    const rec = d.recommendation;
    await m.query(
      `INSERT INTO duty_decisions (id, contact_id, child_id, kind, actor, actor_role, recommendation_id, recommended,
                                   need_level, route, team, reason, outcome, cin_no_further_action)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [
        id,
        d.contactId,
        d.childId,
        d.kind,
        d.actor.username,
        d.actor.role,
        rec.id,
        JSON.stringify({
          needLevel: rec.needLevel,
          route: rec.route,
          team: rec.team,
          priority: rec.priority,
          dueAt: new Date(rec.dueAt).toISOString(),
          criteriaVersion: rec.criteriaVersion,
        }),
        d.chosen.needLevel,
        d.chosen.route,
        d.chosen.team,
        d.reason ?? null,
        d.outcome ?? null,
        d.cinNoFurtherAction ?? null,
      ],
    );
    await recordPartnerFeedback(m, d.contactId, d.kind === 'close' ? 'closed' : 'decided');
    return id;
  }

  /** The item (and its contact) decided as `chosen`; the holder keeps it, their claim refreshed. */
  async markDecided(
    m: EntityManager,
    contactId: string,
    chosen: { needLevel: number; route: string; team: string | null },
  ): Promise<void> {
    await m.query(
      `UPDATE desk_items SET state = 'decided', need_level = $2, route = $3, team = $4, claimed_at = now(),
              updated_at = now() WHERE contact_id = $1`,
      [contactId, chosen.needLevel, chosen.route, chosen.team],
    );
    await m.query(`UPDATE contacts SET status = 'decided' WHERE id = $1`, [contactId]);
  }

  /** The item (and its contact) closed; nobody holds it any more. */
  async markClosed(m: EntityManager, contactId: string): Promise<void> {
    await m.query(
      `UPDATE desk_items SET state = 'closed', claimed_by = NULL, claimed_at = NULL, updated_at = now()
        WHERE contact_id = $1`,
      [contactId],
    );
    await m.query(`UPDATE contacts SET status = 'closed' WHERE id = $1`, [contactId]);
  }

  /** Keeps the note's text (trimmed); returns its id. */
  async addNote(m: EntityManager, contactId: string, author: string, text: string): Promise<string> {
    const id = randomUUID();
    await m.query('INSERT INTO desk_notes (id, contact_id, author, body) VALUES ($1,$2,$3,$4)', [
      id,
      contactId,
      author,
      text.trim(),
    ]);
    return id;
  }

  /** Working on an item counts as holding it: the holder's idle clock starts again. */
  async refreshClaim(m: EntityManager, contactId: string, holder: string): Promise<void> {
    await m.query('UPDATE desk_items SET claimed_at = now() WHERE contact_id = $1 AND claimed_by = $2', [
      contactId,
      holder,
    ]);
  }

  /** The item as the queue shows it, and the child it is about; null when there is no such item. */
  async item(contactId: string): Promise<{ view: DeskItemView; childId: string } | null> {
    const [row] = await this.ds.query(
      `SELECT ${DESK_ITEM_COLUMNS} FROM desk_items d JOIN contacts c ON c.id = d.contact_id WHERE d.contact_id = $1`,
      [contactId],
    );
    return row ? { view: toDeskItemView(row), childId: row.child_id } : null;
  }

  async recommendationView(contactId: string): Promise<RecommendationView | null> {
    const [rec] = await this.ds.query(
      `SELECT id, triaged_at, criteria_version, need_level, route, team, priority, due_at, strategy_discussion,
              consent_required, reasons, triggered_by
         FROM decisions WHERE contact_id = $1 AND is_current`,
      [contactId],
    );
    if (!rec) return null;
    return {
      decisionId: rec.id,
      triagedAt: iso(rec.triaged_at),
      triggeredBy: rec.triggered_by,
      criteriaVersion: rec.criteria_version,
      needLevel: rec.need_level,
      route: rec.route,
      team: rec.team,
      priority: rec.priority,
      dueAt: iso(rec.due_at),
      strategyDiscussion: rec.strategy_discussion,
      consentRequired: rec.consent_required,
      reasons: rec.reasons,
    };
  }

  /** The duty decisions on these contacts, oldest first. */
  async dutyDecisionsOf(contactIds: string[]): Promise<DutyDecisionView[]> {
    const rows = await this.ds.query(
      `SELECT id, contact_id, kind, actor, actor_role, recommendation_id, recommended, need_level, route, team,
              reason, outcome, cin_no_further_action, created_at
         FROM duty_decisions WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at`,
      [contactIds],
    );
    return rows.map((d: Record<string, any>) => ({
      id: d.id,
      contactId: d.contact_id,
      kind: d.kind,
      by: d.actor,
      role: d.actor_role,
      at: iso(d.created_at),
      recommendationId: d.recommendation_id,
      recommended: d.recommended,
      decided: { needLevel: d.need_level, route: d.route, team: d.team },
      reason: d.reason,
      outcome: d.outcome,
      cinNoFurtherAction: d.cin_no_further_action,
    }));
  }

  /** The desk's notes on these contacts, oldest first. */
  async notesOf(contactIds: string[]): Promise<NoteView[]> {
    const rows: { id: string; contact_id: string; author: string; body: string; created_at: Date }[] =
      await this.ds.query(
        `SELECT id, contact_id, author, body, created_at FROM desk_notes
          WHERE contact_id = ANY($1::uuid[]) ORDER BY created_at`,
        [contactIds],
      );
    return rows.map((n) => ({
      id: n.id,
      contactId: n.contact_id,
      author: n.author,
      text: n.body,
      at: iso(n.created_at),
    }));
  }

  /**
   * A page of the duty queue and its total, in due-time order, then priority, then contact id (see
   * ListQueueUseCase for which indexes each filter reads). `after` is the last row's keyset.
   */
  async queuePage(
    f: QueueFilterValues,
    limit: number,
    after: [string, number, string] | null,
  ): Promise<{ rows: QueuePageRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.status !== 'all') add('d.state = ?', f.status);
    const withClosed = f.status === 'all' || f.status === 'closed';
    // Said outright (the planner then need not prove it from the state asked for): the open items' index.
    if (!withClosed) where.push(`d.state <> 'closed'`);
    if (f.team !== undefined) add('d.team = ?', f.team);
    if (f.locality !== undefined) add('d.locality = ?', f.locality);
    if (f.route !== undefined) add('d.route = ?', f.route);
    if (f.level !== undefined) add('d.need_level = ?', f.level);
    if (f.overdue !== undefined)
      where.push(
        f.overdue
          ? `(d.overdue OR (d.state = 'awaiting' AND d.due_at <= now()))`
          : `NOT (d.overdue OR (d.state = 'awaiting' AND d.due_at <= now()))`,
      );
    // `available`: what the caller may pick up or holds; not what a colleague holds (the worker's own queue).
    if (f.availableTo !== undefined) add('(d.claimed_by IS NULL OR d.claimed_by = ?)', f.availableTo);
    else if (f.claimedBy !== undefined) add('d.claimed_by = ?', f.claimedBy);

    const filterSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }]: { total: number }[] = await this.ds.query(
      withClosed
        ? `SELECT count(*)::int AS total FROM (SELECT 1 FROM desk_items d ${filterSql} LIMIT ${QUEUE_TOTAL_CAP + 1}) x`
        : `SELECT count(*)::int AS total FROM desk_items d ${filterSql}`,
      params,
    );
    const pageWhere = [...where];
    const pageParams = [...params];
    if (after) {
      pageParams.push(after[0], after[1], after[2]);
      const n = pageParams.length;
      pageWhere.push(
        `(d.due_at, d.priority_rank, d.contact_id) > ($${n - 2}::timestamptz, $${n - 1}::smallint, $${n}::uuid)`,
      );
    }
    pageParams.push(limit);
    const rows: (QueueRow & { cursor_due_at: string })[] = await this.ds.query(
      // The cursor carries due_at exactly (microseconds): a JS Date would round it and repeat a row.
      `SELECT ${QUEUE_ROW_COLUMNS}, d.due_at::text AS cursor_due_at FROM desk_items d JOIN contacts c ON c.id = d.contact_id
        ${pageWhere.length ? `WHERE ${pageWhere.join(' AND ')}` : ''}
        ORDER BY d.due_at, d.priority_rank, d.contact_id LIMIT $${pageParams.length}`,
      pageParams,
    );
    return {
      rows: rows.map((r) => ({
        view: toQueueRowView(r),
        keyset: [r.cursor_due_at, Number(r.priority_rank), r.contact_id] as [string, number, string],
      })),
      total,
    };
  }

  /** The item the SLA timer names, locked for marking it overdue; null when there is none. */
  async lockForOverdue(m: EntityManager, contactId: string): Promise<OverdueCandidate | null> {
    const [item]: {
      contact_id: string;
      child_id: string;
      need_level: number;
      priority: string;
      team: string | null;
      locality: string;
      due_at: Date;
      state: string;
      claimed_by: string | null;
    }[] = await m.query(
      `SELECT contact_id, child_id, need_level, priority, team, locality, due_at, state, claimed_by
           FROM desk_items WHERE contact_id = $1 FOR UPDATE`,
      [contactId],
    );
    return item
      ? {
          contactId: item.contact_id,
          childId: item.child_id,
          needLevel: item.need_level,
          priority: item.priority,
          team: item.team,
          locality: item.locality,
          dueAt: new Date(item.due_at),
          state: item.state,
          claimedBy: item.claimed_by,
        }
      : null;
  }

  async markOverdue(m: EntityManager, contactId: string): Promise<void> {
    await m.query('UPDATE desk_items SET overdue = true, updated_at = now() WHERE contact_id = $1', [
      contactId,
    ]);
  }

  /** Every item still awaiting a decision and not yet overdue, with its due time, soonest first. */
  async awaitingTimers(): Promise<{ contactId: string; dueAt: string }[]> {
    const rows: { contact_id: string; due_at: Date }[] = await this.ds.query(
      `SELECT contact_id, due_at FROM desk_items WHERE state = 'awaiting' AND NOT overdue ORDER BY due_at`,
    );
    return rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() }));
  }

  /** Who holds the item; null when no one does (or there is no item). */
  async holder(contactId: string): Promise<string | null> {
    const [item]: { claimed_by: string }[] = await this.ds.query(
      `SELECT claimed_by FROM desk_items WHERE contact_id = $1 AND claimed_by IS NOT NULL`,
      [contactId],
    );
    return item?.claimed_by ?? null;
  }
}
