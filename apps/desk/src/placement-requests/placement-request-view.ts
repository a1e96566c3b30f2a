import { EntityManager } from 'typeorm';
import { decisionsFor, FinalOutcomeRecord, outcomesFor, PanelDecisionRecord } from './panel-records';

export interface PlacementAlertView {
  id: string;
  kind: string;
  raisedAt: string;
  acknowledgedAt: string | null;
  /** Set when the request was cleared by new evidence: the alert says so (`resolution`). */
  resolvedAt: string | null;
}

/** A placement request as `GET /v1/placement-requests/{id}` returns it (placement-gatekeeping.md). */
export interface PlacementRequestView {
  id: string;
  childId: string;
  receivedAt: string;
  gatekeeping: { outcome: string; failedChecks: string[]; reviewDueAt: string | null };
  alerts: PlacementAlertView[];
  /** Only on a repeated request: the open request it was linked to (whose alert covers it). */
  linkedTo?: string;
  /** Every decision of the placement panel, oldest first, with its actions. */
  panelDecisions: PanelDecisionRecord[];
  /** What finally happened (placed, diverted or withdrawn), once recorded. */
  finalOutcome: FinalOutcomeRecord | null;
}

export interface PlacementRequestDetail extends PlacementRequestView {
  placementType: string;
  legalBasis: string;
  emergency: boolean;
  status: string;
  requestedBy: unknown;
  submittedBy: string;
  reason: string | null;
  evidence: unknown;
}

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

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

/** The spec's shape of a request (what POST answers). */
export function publicView(d: PlacementRequestDetail): PlacementRequestView {
  const { id, childId, receivedAt, gatekeeping, alerts, linkedTo, panelDecisions, finalOutcome } = d;
  return {
    id,
    childId,
    receivedAt,
    gatekeeping,
    alerts,
    ...(linkedTo ? { linkedTo } : {}),
    panelDecisions,
    finalOutcome,
  };
}

export async function readPlacementRequest(
  m: EntityManager,
  id: string,
  now = new Date(),
): Promise<PlacementRequestDetail | null> {
  const [row]: Row[] = await m.query(`SELECT ${COLUMNS} FROM placement_requests WHERE id = $1`, [id]);
  if (!row) return null;
  return toView(row, await relatedTo(m, [row], now));
}

export async function listPlacementRequests(
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
