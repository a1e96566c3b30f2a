import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LegalBasis, PlacementType } from '@app/contracts';
import type { Actor } from '../actor';
import type { OutcomeBody } from './panel.dto';
import type { PlacementAlertView, PlacementRequestDetail } from './placement-request-view';

export interface PanelActionRecord {
  id: string;
  action: string;
  owner: string;
  ownerRole: string | null;
  dueBy: string;
  overdueAt: string;
  overdue: boolean;
  doneAt: string | null;
  doneBy: string | null;
  doneNote: string | null;
}

export interface PanelDecisionRecord {
  id: string;
  decision: string;
  reason: string;
  decidedBy: string;
  decidedByRole: string;
  decidedAt: string;
  actions: PanelActionRecord[];
}

export interface FinalOutcomeRecord {
  outcome: string;
  placementType?: string;
  provider?: string;
  outOfCounty?: boolean;
  startDate?: string;
  weeklyCost?: number;
  how?: string;
  reason?: string;
  recordedBy: string;
  recordedAt: string;
}

/** A placement request locked for a change, with whether its final outcome is already recorded. */
export interface LockedPlacementRequest {
  id: string;
  childId: string;
  receivedAt: Date;
  submittedBy: string;
  placementType: PlacementType;
  legalBasis: LegalBasis;
  emergency: boolean;
  evidence: unknown;
  outcome: string;
  failedChecks: string[];
  reviewDueAt: Date | null;
  status: string;
  linkedTo: string | null;
  panelDecision: string | null;
  hasOutcome: boolean;
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** The panel's decisions on each request, oldest first, each with its actions in the order given. */
async function decisionsFor(
  m: EntityManager,
  requestIds: string[],
  now = new Date(),
): Promise<Map<string, PanelDecisionRecord[]>> {
  const out = new Map<string, PanelDecisionRecord[]>();
  if (!requestIds.length) return out;
  const decisions: {
    id: string;
    request_id: string;
    decision: string;
    reason: string;
    decided_by: string;
    decided_by_role: string;
    decided_at: Date;
  }[] = await m.query(
    `SELECT id, request_id, decision, reason, decided_by, decided_by_role, decided_at
       FROM placement_panel_decisions WHERE request_id = ANY($1::uuid[]) ORDER BY decided_at, id`,
    [requestIds],
  );
  const actions: {
    id: string;
    decision_id: string;
    action: string;
    owner: string;
    owner_role: string | null;
    due_by: string;
    overdue_at: Date;
    done_at: Date | null;
    done_by: string | null;
    done_note: string | null;
  }[] = await m.query(
    `SELECT id, decision_id, action, owner, owner_role, to_char(due_by, 'YYYY-MM-DD') AS due_by, overdue_at,
            done_at, done_by, done_note
       FROM placement_panel_actions WHERE request_id = ANY($1::uuid[]) ORDER BY decision_id, position`,
    [requestIds],
  );
  const byDecision = new Map<string, PanelActionRecord[]>();
  for (const a of actions) {
    const list = byDecision.get(a.decision_id) ?? [];
    list.push({
      id: a.id,
      action: a.action,
      owner: a.owner,
      ownerRole: a.owner_role,
      dueBy: a.due_by,
      overdueAt: iso(a.overdue_at)!,
      overdue: !a.done_at && new Date(a.overdue_at).getTime() <= now.getTime(),
      doneAt: iso(a.done_at),
      doneBy: a.done_by,
      doneNote: a.done_note,
    });
    byDecision.set(a.decision_id, list);
  }
  for (const d of decisions) {
    const list = out.get(d.request_id) ?? [];
    list.push({
      id: d.id,
      decision: d.decision,
      reason: d.reason,
      decidedBy: d.decided_by,
      decidedByRole: d.decided_by_role,
      decidedAt: iso(d.decided_at)!,
      actions: byDecision.get(d.id) ?? [],
    });
    out.set(d.request_id, list);
  }
  return out;
}

/** What finally happened to each request that has an outcome recorded. */
async function outcomesFor(m: EntityManager, requestIds: string[]): Promise<Map<string, FinalOutcomeRecord>> {
  const out = new Map<string, FinalOutcomeRecord>();
  if (!requestIds.length) return out;
  const rows: {
    request_id: string;
    outcome: string;
    placement_type: string;
    provider: string;
    out_of_county: boolean;
    start_date: string;
    weekly_cost: number;
    how: string;
    reason: string;
    recorded_by: string;
    recorded_at: Date;
  }[] = await m.query(
    `SELECT request_id, outcome, placement_type, provider, out_of_county,
            to_char(start_date, 'YYYY-MM-DD') AS start_date, weekly_cost::float8 AS weekly_cost, how, reason,
            recorded_by, recorded_at
       FROM placement_outcomes WHERE request_id = ANY($1::uuid[])`,
    [requestIds],
  );
  for (const r of rows) {
    const base = { outcome: r.outcome, recordedBy: r.recorded_by, recordedAt: iso(r.recorded_at)! };
    if (r.outcome === 'placed') {
      out.set(r.request_id, {
        outcome: r.outcome,
        placementType: r.placement_type,
        provider: r.provider,
        outOfCounty: r.out_of_county,
        startDate: r.start_date,
        weeklyCost: r.weekly_cost,
        recordedBy: base.recordedBy,
        recordedAt: base.recordedAt,
      });
    } else if (r.outcome === 'diverted') {
      out.set(r.request_id, {
        outcome: r.outcome,
        how: r.how,
        recordedBy: base.recordedBy,
        recordedAt: base.recordedAt,
      });
    } else {
      out.set(r.request_id, {
        outcome: r.outcome,
        reason: r.reason,
        recordedBy: base.recordedBy,
        recordedAt: base.recordedAt,
      });
    }
  }
  return out;
}

interface Row {
  id: string;
  child_id: string;
  received_at: Date;
  outcome: string;
  failed_checks: string[];
  review_due_at: Date | null;
  linked_to: string | null;
  placement_type: string;
  legal_basis: string;
  emergency: boolean;
  status: string;
  requested_by: unknown;
  submitted_by: string;
  reason: string | null;
  evidence: unknown;
}

const COLUMNS = `id, child_id, received_at, outcome, failed_checks, review_due_at, linked_to, placement_type,
  legal_basis, emergency, status, requested_by, submitted_by, reason, evidence`;

/** The alerts raised for a request; a linked request shows the alert of the open one it was linked to. */
async function alertsFor(m: EntityManager, requestIds: string[]): Promise<Map<string, PlacementAlertView[]>> {
  const rows: {
    subject_id: string;
    id: string;
    kind: string;
    raised_at: Date;
    acknowledged_at: Date | null;
    resolved_at: Date | null;
  }[] = requestIds.length
    ? await m.query(
        `SELECT subject_id, id, kind, raised_at, acknowledged_at, resolved_at FROM alerts
            WHERE subject_type = 'placement_request' AND subject_id = ANY($1::text[]) ORDER BY raised_at, id`,
        [requestIds],
      )
    : [];
  const out = new Map<string, PlacementAlertView[]>();
  for (const r of rows) {
    const list = out.get(r.subject_id) ?? [];
    list.push({
      id: r.id,
      kind: r.kind,
      raisedAt: iso(r.raised_at)!,
      acknowledgedAt: iso(r.acknowledged_at),
      resolvedAt: iso(r.resolved_at),
    });
    out.set(r.subject_id, list);
  }
  return out;
}

interface Related {
  alerts: Map<string, PlacementAlertView[]>;
  decisions: Map<string, PanelDecisionRecord[]>;
  outcomes: Map<string, FinalOutcomeRecord>;
}

async function relatedTo(m: EntityManager, rows: Row[], now = new Date()): Promise<Related> {
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.id);
    if (r.linked_to) ids.add(r.linked_to);
  }
  const own = rows.map((r) => r.id);
  return {
    alerts: await alertsFor(m, [...ids]),
    decisions: await decisionsFor(m, own, now),
    outcomes: await outcomesFor(m, own),
  };
}

function toView(r: Row, related: Related): PlacementRequestDetail {
  const { alerts } = related;
  return {
    id: r.id,
    childId: r.child_id,
    receivedAt: iso(r.received_at)!,
    gatekeeping: { outcome: r.outcome, failedChecks: r.failed_checks, reviewDueAt: iso(r.review_due_at) },
    alerts: alerts.get(r.id) ?? (r.linked_to ? (alerts.get(r.linked_to) ?? []) : []),
    ...(r.linked_to ? { linkedTo: r.linked_to } : {}),
    panelDecisions: related.decisions.get(r.id) ?? [],
    finalOutcome: related.outcomes.get(r.id) ?? null,
    placementType: r.placement_type,
    legalBasis: r.legal_basis,
    emergency: r.emergency,
    status: r.status,
    requestedBy: r.requested_by,
    submittedBy: r.submitted_by,
    reason: r.reason,
    evidence: r.evidence,
  };
}

async function readPlacementRequest(
  m: EntityManager,
  id: string,
  now = new Date(),
): Promise<PlacementRequestDetail | null> {
  const [row]: Row[] = await m.query(`SELECT ${COLUMNS} FROM placement_requests WHERE id = $1`, [id]);
  if (!row) return null;
  return toView(row, await relatedTo(m, [row], now));
}

async function listPlacementRequests(
  m: EntityManager,
  filter: { childId?: string; outcome?: string; limit: number; submittedBy?: string },
): Promise<PlacementRequestDetail[]> {
  const rows: Row[] = await m.query(
    `SELECT ${COLUMNS} FROM placement_requests
      WHERE ($1::uuid IS NULL OR child_id = $1) AND ($2::text IS NULL OR outcome = $2)
        AND ($4::text IS NULL OR submitted_by = $4)
      ORDER BY received_at DESC, id LIMIT $3`,
    [filter.childId ?? null, filter.outcome ?? null, filter.limit, filter.submittedBy ?? null],
  );
  const related = await relatedTo(m, rows);
  return rows.map((r) => toView(r, related));
}

/**
 * Placement requests, the panel's decisions and actions, final outcomes and the alerts shown with them: the
 * one way the placement use cases reach these tables. Every method takes the caller's transaction.
 */
@Injectable()
export class PlacementRequestsRepository {
  constructor(private readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** The request locked for a change; null when there is none. */
  async lockForChange(m: EntityManager, id: string): Promise<LockedPlacementRequest | null> {
    const [row]: {
      id: string;
      child_id: string;
      received_at: Date;
      submitted_by: string;
      placement_type: PlacementType;
      legal_basis: LegalBasis;
      emergency: boolean;
      evidence: unknown;
      outcome: string;
      failed_checks: string[];
      review_due_at: Date | null;
      status: string;
      linked_to: string | null;
      panel_decision: string | null;
      has_outcome: boolean;
    }[] = await m.query(
      `SELECT id, child_id, received_at, submitted_by, placement_type, legal_basis, emergency, evidence, outcome,
            failed_checks, review_due_at, status, linked_to, panel_decision,
            EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id) AS has_outcome
       FROM placement_requests p WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row
      ? {
          id: row.id,
          childId: row.child_id,
          receivedAt: row.received_at,
          submittedBy: row.submitted_by,
          placementType: row.placement_type,
          legalBasis: row.legal_basis,
          emergency: row.emergency,
          evidence: row.evidence,
          outcome: row.outcome,
          failedChecks: row.failed_checks,
          reviewDueAt: row.review_due_at,
          status: row.status,
          linkedTo: row.linked_to,
          panelDecision: row.panel_decision,
          hasOutcome: row.has_outcome,
        }
      : null;
  }

  /** The request with its alerts, panel decisions and final outcome; null when there is none. */
  detail(m: EntityManager, id: string, now = new Date()): Promise<PlacementRequestDetail | null> {
    return readPlacementRequest(m, id, now);
  }

  /** Requests newest first, filtered; `submittedBy`: only that worker's. */
  list(
    m: EntityManager,
    filter: { childId?: string; outcome?: string; limit: number; submittedBy?: string },
  ): Promise<PlacementRequestDetail[]> {
    return listPlacementRequests(m, filter);
  }

  /** The panel's decisions on each request, oldest first, each with its actions. */
  panelDecisions(
    m: EntityManager,
    requestIds: string[],
    now = new Date(),
  ): Promise<Map<string, PanelDecisionRecord[]>> {
    return decisionsFor(m, requestIds, now);
  }

  /** What finally happened to a request (the caller has checked none is recorded yet). */
  async insertOutcome(
    m: EntityManager,
    requestId: string,
    o: OutcomeBody,
    actor: Actor,
    now: Date,
  ): Promise<void> {
    await m.query(
      `INSERT INTO placement_outcomes (request_id, outcome, placement_type, provider, out_of_county, start_date,
            weekly_cost, how, reason, recorded_by, recorded_by_role, recorded_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        requestId,
        o.outcome,
        o.placementType ?? null,
        o.provider ?? null,
        o.outOfCounty ?? null,
        o.startDate ?? null,
        o.weeklyCost ?? null,
        o.how ?? null,
        o.reason?.trim() ?? null,
        actor.username,
        actor.role,
        now,
      ],
    );
  }
}
