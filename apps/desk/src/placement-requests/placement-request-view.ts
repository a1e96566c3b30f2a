import type { FinalOutcomeRecord, PanelDecisionRecord } from './placement-requests.repository';

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
