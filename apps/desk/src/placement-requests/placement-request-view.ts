import { EntityManager } from 'typeorm';

export interface PlacementAlertView {
  id: string;
  kind: string;
  raisedAt: string;
  acknowledgedAt: string | null;
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
  }[] = requestIds.length
    ? await m.query(
        `SELECT subject_id, id, kind, raised_at, acknowledged_at FROM alerts
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
    });
    out.set(r.subject_id, list);
  }
  return out;
}

function toView(r: Row, alerts: Map<string, PlacementAlertView[]>): PlacementRequestDetail {
  return {
    id: r.id,
    childId: r.child_id,
    receivedAt: iso(r.received_at)!,
    gatekeeping: { outcome: r.outcome, failedChecks: r.failed_checks, reviewDueAt: iso(r.review_due_at) },
    alerts: alerts.get(r.id) ?? (r.linked_to ? (alerts.get(r.linked_to) ?? []) : []),
    ...(r.linked_to ? { linkedTo: r.linked_to } : {}),
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
  const { id, childId, receivedAt, gatekeeping, alerts, linkedTo } = d;
  return { id, childId, receivedAt, gatekeeping, alerts, ...(linkedTo ? { linkedTo } : {}) };
}

export async function readPlacementRequest(
  m: EntityManager,
  id: string,
): Promise<PlacementRequestDetail | null> {
  const [row]: Row[] = await m.query(`SELECT ${COLUMNS} FROM placement_requests WHERE id = $1`, [id]);
  if (!row) return null;
  const alerts = await alertsFor(m, [row.id, ...(row.linked_to ? [row.linked_to] : [])]);
  return toView(row, alerts);
}

export async function listPlacementRequests(
  m: EntityManager,
  filter: { childId?: string; outcome?: string; limit: number },
): Promise<PlacementRequestDetail[]> {
  const rows: Row[] = await m.query(
    `SELECT ${COLUMNS} FROM placement_requests
      WHERE ($1::uuid IS NULL OR child_id = $1) AND ($2::text IS NULL OR outcome = $2)
      ORDER BY received_at DESC, id LIMIT $3`,
    [filter.childId ?? null, filter.outcome ?? null, filter.limit],
  );
  const ids = new Set<string>();
  for (const r of rows) {
    ids.add(r.id);
    if (r.linked_to) ids.add(r.linked_to);
  }
  const alerts = await alertsFor(m, [...ids]);
  return rows.map((r) => toView(r, alerts));
}
