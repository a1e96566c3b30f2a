import { EntityManager } from 'typeorm';

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

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** The panel's decisions on each request, oldest first, each with its actions in the order given. */
export async function decisionsFor(
  m: EntityManager,
  requestIds: string[],
  now = new Date(),
): Promise<Map<string, PanelDecisionRecord[]>> {
  const out = new Map<string, PanelDecisionRecord[]>();
  if (!requestIds.length) return out;
  const decisions: Record<string, any>[] = await m.query(
    `SELECT id, request_id, decision, reason, decided_by, decided_by_role, decided_at
       FROM placement_panel_decisions WHERE request_id = ANY($1::uuid[]) ORDER BY decided_at, id`,
    [requestIds],
  );
  const actions: Record<string, any>[] = await m.query(
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
export async function outcomesFor(
  m: EntityManager,
  requestIds: string[],
): Promise<Map<string, FinalOutcomeRecord>> {
  const out = new Map<string, FinalOutcomeRecord>();
  if (!requestIds.length) return out;
  const rows: Record<string, any>[] = await m.query(
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
