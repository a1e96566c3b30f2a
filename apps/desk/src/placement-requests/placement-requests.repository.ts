import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { LegalBasis, PlacementType } from '@app/contracts';
import type { Actor } from '../actor';
import type { OutcomeBody } from './panel.dto';
import type { PlacementAlertView, PlacementRequestDetail } from './placement-request-view';
import { DataSourceRepository } from '@app/persistence';

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

/** A new placement request as gatekept on arrival (its first result is kept beside the current one). */
export interface NewPlacementRequest {
  id: string;
  childId: string;
  receivedAt: Date;
  requestedBy: unknown;
  submittedBy: string;
  submittedByRole: string;
  placementType: string;
  legalBasis: string;
  emergency: boolean;
  reason: string | null;
  evidence: unknown;
  outcome: string;
  failedChecks: string[];
  reviewDueAt: Date | null;
  status: string;
  linkedTo: string | null;
}

/** One evidence update with the result before and after. */
export interface EvidenceUpdateRecord {
  id: string;
  evidence: Record<string, unknown>;
  outcomeBefore: string;
  failedBefore: string[];
  outcomeAfter: string;
  failedAfter: string[];
  updatedBy: string;
  updatedAt: Date;
}

/** An alert on a request as its timeline shows it. */
export interface TimelineAlertRecord {
  id: string;
  kind: string;
  title: string;
  raisedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
}

/** A request on the panel's list. */
export interface AwaitingPanelRecord {
  id: string;
  childId: string;
  receivedAt: Date;
  placementType: string;
  legalBasis: string;
  outcome: string;
  failedChecks: string[];
  reviewDueAt: Date | null;
  submittedBy: string;
  reason: string | null;
  returnedToPanelAt: Date | null;
}

/** A child's current triage decision on a contact still open. */
export interface OpenDecisionRecord {
  childId: string;
  contactId: string;
  needLevel: number;
  route: string;
  priority: string;
  triagedAt: Date;
}

/** Any request for a child, with its final outcome if recorded. */
export interface ChildRequestRecord {
  id: string;
  childId: string;
  receivedAt: Date;
  placementType: string;
  outcome: string;
  status: string;
  panelDecision: string | null;
  finalOutcome: string | null;
}

/** A panel action locked to be marked done, with its request's worker and child. */
export interface LockedActionRecord {
  id: string;
  owner: string;
  doneAt: Date | null;
  doneBy: string | null;
  submittedBy: string;
  childId: string;
}

/** A child known to the service found by identifiers, with the contact body to match against. */
export interface ChildCandidate {
  childId: string;
  body: { child: Record<string, unknown> };
  createdAt: Date;
}

/**
 * The requests awaiting the panel: held for panel or awaiting a retrospective review, not yet decided (or
 * deferred with every action done), with no final outcome recorded. Oldest first.
 */
const AWAITING_PANEL = `
  p.status IN ('held','under_review')
  AND NOT EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id)
  AND (p.panel_decision IS NULL OR (p.panel_decision = 'deferred' AND NOT EXISTS (
        SELECT 1 FROM placement_panel_actions a WHERE a.request_id = p.id AND a.done_at IS NULL)))`;

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
export class PlacementRequestsRepository extends DataSourceRepository {
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

  /**
   * The one fact about the child that gatekeeping needs: an open level-4 decision with priority IMMEDIATE in
   * the 30 days before the request's receipt (evidence updated later is checked as of the same receipt).
   */
  async hasOpenImmediateLevel4(m: EntityManager, childId: string, receivedAt: Date): Promise<boolean> {
    const [{ open }]: { open: boolean }[] = await m.query(
      `SELECT EXISTS (
         SELECT 1 FROM decisions d JOIN contacts c ON c.id = d.contact_id
          WHERE d.child_id = $1 AND d.is_current AND d.need_level = 4 AND d.priority = 'IMMEDIATE'
            AND c.status <> 'closed'
            AND d.triaged_at <= $2 AND d.triaged_at >= $2::timestamptz - interval '30 days') AS open`,
      [childId, receivedAt],
    );
    return open;
  }

  /** The child with this id and the one it was merged into, if any; null when there is none. */
  async childMerge(m: EntityManager, id: string): Promise<{ id: string; mergedInto: string | null } | null> {
    const [row]: { id: string; merged_into: string | null }[] = await m.query(
      'SELECT id, merged_into FROM children WHERE id = $1',
      [id],
    );
    return row ? { id: row.id, mergedInto: row.merged_into } : null;
  }

  /** Children whose contacts share an NHS number, a UPN, or a normalised last name and birth date; oldest first. */
  async childCandidates(
    m: EntityManager,
    by: { nhsNumber: string | null; upn: string | null; lastNameNorm: string; birthDate: string | null },
  ): Promise<ChildCandidate[]> {
    const rows: { child_id: string; body: { child: Record<string, unknown> }; created_at: Date }[] =
      await m.query(
        `SELECT c.child_id, c.body, ch.created_at FROM contacts c JOIN children ch ON ch.id = c.child_id
        WHERE (($1::text IS NOT NULL AND c.nhs_number = $1) OR ($2::text IS NOT NULL AND c.upn = $2)
               OR (c.last_name_norm = $3 AND c.birth_date = $4::date))
        ORDER BY ch.created_at`,
        [by.nhsNumber, by.upn, by.lastNameNorm, by.birthDate],
      );
    return rows.map((r) => ({ childId: r.child_id, body: r.body, createdAt: r.created_at }));
  }

  /** The open (held) request for this child and type that a repeat links to; null when there is none. */
  async firstHeld(m: EntityManager, childId: string, placementType: string): Promise<string | null> {
    const [held]: { id: string }[] = await m.query(
      `SELECT id FROM placement_requests WHERE child_id = $1 AND placement_type = $2 AND status = 'held'
        ORDER BY received_at, id LIMIT 1`,
      [childId, placementType],
    );
    return held?.id ?? null;
  }

  async insert(m: EntityManager, r: NewPlacementRequest): Promise<void> {
    await m.query(
      `INSERT INTO placement_requests (id, child_id, received_at, requested_by, submitted_by, submitted_by_role,
          placement_type, legal_basis, emergency, reason, evidence, outcome, failed_checks, review_due_at, status,
          linked_to, first_outcome, first_failed_checks)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$12,$13)`,
      [
        r.id,
        r.childId,
        r.receivedAt,
        r.requestedBy ? JSON.stringify(r.requestedBy) : null,
        r.submittedBy,
        r.submittedByRole,
        r.placementType,
        r.legalBasis,
        r.emergency,
        r.reason,
        JSON.stringify(r.evidence),
        r.outcome,
        r.failedChecks,
        r.reviewDueAt,
        r.status,
        r.linkedTo,
      ],
    );
  }

  /** The evidence and the checks' result now; `cleared`: the request is cleared too. */
  async updateGatekeeping(
    m: EntityManager,
    requestId: string,
    evidence: unknown,
    result: { outcome: string; failedChecks: string[] },
    cleared: boolean,
  ): Promise<void> {
    await m.query(
      `UPDATE placement_requests SET evidence = $2, outcome = $3, failed_checks = $4,
          status = CASE WHEN $5 THEN 'cleared' ELSE status END WHERE id = $1`,
      [requestId, JSON.stringify(evidence), result.outcome, result.failedChecks, cleared],
    );
  }

  async insertEvidenceUpdate(
    m: EntityManager,
    u: {
      id: string;
      requestId: string;
      evidence: unknown;
      outcomeBefore: string;
      failedBefore: string[];
      outcomeAfter: string;
      failedAfter: string[];
      updatedBy: string;
      updatedByRole: string;
      updatedAt: Date;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO placement_evidence_updates (id, request_id, evidence, outcome_before, failed_before,
          outcome_after, failed_after, updated_by, updated_by_role, updated_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [
        u.id,
        u.requestId,
        JSON.stringify(u.evidence),
        u.outcomeBefore,
        u.failedBefore,
        u.outcomeAfter,
        u.failedAfter,
        u.updatedBy,
        u.updatedByRole,
        u.updatedAt,
      ],
    );
  }

  /** Resolves the request's own open alerts (a repeat's alert is the open request's: not this one's to close). */
  async resolveOpenAlerts(
    m: EntityManager,
    requestId: string,
    now: Date,
    resolution: string,
  ): Promise<{ id: string; recipientRoles: string[] }[]> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count]: the rows are the first.
    const [rows]: [{ id: string; recipient_roles: string[] }[], number] = await m.query(
      `UPDATE alerts SET resolved_at = $2, resolution = $3
      WHERE subject_type = 'placement_request' AND subject_id = $1 AND resolved_at IS NULL
      RETURNING id, recipient_roles`,
      [requestId, now, resolution],
    );
    return rows.map((r) => ({ id: r.id, recipientRoles: r.recipient_roles }));
  }

  /** The request's evidence updates, oldest first. */
  async evidenceUpdates(m: EntityManager, requestId: string): Promise<EvidenceUpdateRecord[]> {
    const rows: {
      id: string;
      evidence: Record<string, unknown>;
      outcome_before: string;
      failed_before: string[];
      outcome_after: string;
      failed_after: string[];
      updated_by: string;
      updated_at: Date;
    }[] = await m.query(
      `SELECT id, evidence, outcome_before, failed_before, outcome_after, failed_after, updated_by, updated_at
         FROM placement_evidence_updates WHERE request_id = $1 ORDER BY updated_at, id`,
      [requestId],
    );
    return rows.map((u) => ({
      id: u.id,
      evidence: u.evidence,
      outcomeBefore: u.outcome_before,
      failedBefore: u.failed_before,
      outcomeAfter: u.outcome_after,
      failedAfter: u.failed_after,
      updatedBy: u.updated_by,
      updatedAt: u.updated_at,
    }));
  }

  /** The alerts raised on these requests, oldest first, with their acknowledgement and resolution. */
  async timelineAlerts(m: EntityManager, requestIds: string[]): Promise<TimelineAlertRecord[]> {
    const rows: {
      id: string;
      kind: string;
      title: string;
      raised_at: Date;
      acknowledged_at: Date | null;
      acknowledged_by: string | null;
      acknowledgement_note: string | null;
      resolved_at: Date | null;
      resolution: string | null;
    }[] = await m.query(
      `SELECT id, kind, title, raised_at, acknowledged_at, acknowledged_by, acknowledgement_note, resolved_at,
              resolution
         FROM alerts WHERE subject_type = 'placement_request' AND subject_id = ANY($1::text[])
        ORDER BY raised_at, id`,
      [requestIds],
    );
    return rows.map((a) => ({
      id: a.id,
      kind: a.kind,
      title: a.title,
      raisedAt: a.raised_at,
      acknowledgedAt: a.acknowledged_at,
      acknowledgedBy: a.acknowledged_by,
      acknowledgementNote: a.acknowledgement_note,
      resolvedAt: a.resolved_at,
      resolution: a.resolution,
    }));
  }

  /** The requests awaiting the panel, oldest first. */
  async awaitingPanel(m: EntityManager): Promise<AwaitingPanelRecord[]> {
    const rows: {
      id: string;
      child_id: string;
      received_at: Date;
      placement_type: string;
      legal_basis: string;
      outcome: string;
      failed_checks: string[];
      review_due_at: Date | null;
      submitted_by: string;
      reason: string | null;
      returned_to_panel_at: Date | null;
    }[] = await m.query(
      `SELECT p.id, p.child_id, p.received_at, p.placement_type, p.legal_basis, p.outcome, p.failed_checks,
              p.review_due_at, p.submitted_by, p.reason, p.returned_to_panel_at
         FROM placement_requests p WHERE ${AWAITING_PANEL}
        ORDER BY p.received_at, p.id`,
    );
    return rows.map((r) => ({
      id: r.id,
      childId: r.child_id,
      receivedAt: r.received_at,
      placementType: r.placement_type,
      legalBasis: r.legal_basis,
      outcome: r.outcome,
      failedChecks: r.failed_checks,
      reviewDueAt: r.review_due_at,
      submittedBy: r.submitted_by,
      reason: r.reason,
      returnedToPanelAt: r.returned_to_panel_at,
    }));
  }

  /** The children's current decisions on contacts not closed, newest first. */
  async openDecisionsOf(m: EntityManager, childIds: string[]): Promise<OpenDecisionRecord[]> {
    if (!childIds.length) return [];
    const rows: {
      child_id: string;
      contact_id: string;
      need_level: number;
      route: string;
      priority: string;
      triaged_at: Date;
    }[] = await m.query(
      `SELECT d.child_id, d.contact_id, d.need_level, d.route, d.priority, d.triaged_at
         FROM decisions d JOIN contacts c ON c.id = d.contact_id
        WHERE d.child_id = ANY($1::uuid[]) AND d.is_current AND c.status <> 'closed'
        ORDER BY d.triaged_at DESC`,
      [childIds],
    );
    return rows.map((d) => ({
      childId: d.child_id,
      contactId: d.contact_id,
      needLevel: d.need_level,
      route: d.route,
      priority: d.priority,
      triagedAt: d.triaged_at,
    }));
  }

  /** Every request for these children, oldest first, with its final outcome. */
  async requestsOfChildren(m: EntityManager, childIds: string[]): Promise<ChildRequestRecord[]> {
    if (!childIds.length) return [];
    const rows: {
      id: string;
      child_id: string;
      received_at: Date;
      placement_type: string;
      outcome: string;
      status: string;
      panel_decision: string | null;
      final_outcome: string | null;
    }[] = await m.query(
      `SELECT p.id, p.child_id, p.received_at, p.placement_type, p.outcome, p.status, p.panel_decision,
              o.outcome AS final_outcome
         FROM placement_requests p LEFT JOIN placement_outcomes o ON o.request_id = p.id
        WHERE p.child_id = ANY($1::uuid[]) ORDER BY p.received_at, p.id`,
      [childIds],
    );
    return rows.map((e) => ({
      id: e.id,
      childId: e.child_id,
      receivedAt: e.received_at,
      placementType: e.placement_type,
      outcome: e.outcome,
      status: e.status,
      panelDecision: e.panel_decision,
      finalOutcome: e.final_outcome,
    }));
  }

  /** The roles of those of these usernames who are staff users. */
  async staffRoles(m: EntityManager, usernames: string[]): Promise<Map<string, string>> {
    if (!usernames.length) return new Map();
    const rows: { username: string; role: string }[] = await m.query(
      'SELECT username, role FROM staff_users WHERE username = ANY($1::text[])',
      [usernames],
    );
    return new Map(rows.map((o) => [o.username, o.role]));
  }

  async insertPanelDecision(
    m: EntityManager,
    d: { id: string; requestId: string; decision: string; reason: string; actor: Actor; at: Date },
  ): Promise<void> {
    await m.query(
      `INSERT INTO placement_panel_decisions (id, request_id, decision, reason, decided_by, decided_by_role,
          decided_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
      [d.id, d.requestId, d.decision, d.reason, d.actor.username, d.actor.role, d.at],
    );
  }

  /** An action of a decision, overdue at the end of its due day (Europe/London); returns when that is. */
  async insertPanelAction(
    m: EntityManager,
    a: {
      id: string;
      decisionId: string;
      requestId: string;
      position: number;
      action: string;
      owner: string;
      ownerRole: string | null;
      dueBy: string;
    },
  ): Promise<Date> {
    const [{ overdue_at }]: { overdue_at: Date }[] = await m.query(
      `INSERT INTO placement_panel_actions (id, decision_id, request_id, position, action, owner, owner_role,
          due_by, overdue_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8::date, (($8::date + 1)::timestamp AT TIME ZONE 'Europe/London'))
       RETURNING overdue_at`,
      [a.id, a.decisionId, a.requestId, a.position, a.action, a.owner, a.ownerRole, a.dueBy],
    );
    return overdue_at;
  }

  /** The panel's latest decision on the request; `finalStatus`: the status it leaves with, if final. */
  async markPanelDecided(
    m: EntityManager,
    requestId: string,
    decision: string,
    at: Date,
    finalStatus: string | null,
  ): Promise<void> {
    await m.query(
      `UPDATE placement_requests SET panel_decision = $2, panel_decided_at = $3, returned_to_panel_at = NULL,
          status = COALESCE($4, status) WHERE id = $1`,
      [requestId, decision, at, finalStatus],
    );
  }

  /** The action on this request, locked; null when there is none. */
  async lockAction(
    m: EntityManager,
    requestId: string,
    actionId: string,
  ): Promise<LockedActionRecord | null> {
    const [a]: {
      id: string;
      owner: string;
      done_at: Date | null;
      done_by: string | null;
      submitted_by: string;
      child_id: string;
    }[] = await m.query(
      `SELECT a.id, a.owner, a.done_at, a.done_by, p.submitted_by, p.child_id
         FROM placement_panel_actions a JOIN placement_requests p ON p.id = a.request_id
        WHERE a.id = $1 AND a.request_id = $2 FOR UPDATE OF a`,
      [actionId, requestId],
    );
    return a
      ? {
          id: a.id,
          owner: a.owner,
          doneAt: a.done_at,
          doneBy: a.done_by,
          submittedBy: a.submitted_by,
          childId: a.child_id,
        }
      : null;
  }

  async markActionDone(
    m: EntityManager,
    actionId: string,
    at: Date,
    by: string,
    note: string | null,
  ): Promise<void> {
    await m.query(
      'UPDATE placement_panel_actions SET done_at = $2, done_by = $3, done_note = $4 WHERE id = $1',
      [actionId, at, by, note],
    );
  }

  /** A deferred request whose actions are all done returns to the panel's list; true when it did. */
  async returnToPanelIfActionsDone(m: EntityManager, requestId: string, at: Date): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected count]: the rows are the first.
    const [rows]: [{ id: string }[], number] = await m.query(
      `UPDATE placement_requests p SET returned_to_panel_at = $2
        WHERE p.id = $1 AND p.panel_decision = 'deferred' AND p.status IN ('held','under_review')
          AND NOT EXISTS (SELECT 1 FROM placement_panel_actions a WHERE a.request_id = p.id AND a.done_at IS NULL)
        RETURNING id`,
      [requestId, at],
    );
    return rows.length > 0;
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
