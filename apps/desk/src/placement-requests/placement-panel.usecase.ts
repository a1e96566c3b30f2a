import { ConflictError, ForbiddenError, NotFoundError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { londonDay } from './gatekeeping';
import { ActionDoneBody, PanelDecisionBody } from './panel.dto';
import { Actor, auditReads, lockRequest } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { PanelTimers } from './panel-timers';
import { CHECK_TEXT, CheckCode, DECISIONS_WITH_ACTIONS, PanelDecision } from './placement-vocabulary';
import { validateBody } from '../request-input/validate-input';

/** Who may chair the panel (and so complete anyone's action). */
const CHAIRS = ['manager', 'head_of_service'];

/** Decisions after which the request leaves the panel for good. */
const FINAL: Record<PanelDecision, 'approved' | 'declined' | null> = {
  approved: 'approved',
  approved_with_conditions: 'approved',
  declined: 'declined',
  deferred: null,
};

/**
 * The requests awaiting the panel: held for panel or awaiting a retrospective review, not yet decided (or
 * deferred with every action done), with no final outcome recorded. Oldest first.
 */
const AWAITING_PANEL = `
  p.status IN ('held','under_review')
  AND NOT EXISTS (SELECT 1 FROM placement_outcomes o WHERE o.request_id = p.id)
  AND (p.panel_decision IS NULL OR (p.panel_decision = 'deferred' AND NOT EXISTS (
        SELECT 1 FROM placement_panel_actions a WHERE a.request_id = p.id AND a.done_at IS NULL)))`;

/** The placement panel (placement-gatekeeping.md, "The placement panel"): its list, decisions and actions. */
@Injectable()
export class PlacementPanelUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly requests: PlacementRequestsRepository,
    private readonly timers: PanelTimers,
  ) {}

  /** The panel's list, each request with what it lacks, the child's open decisions and earlier requests. */
  async list(actor: Actor, now = new Date()) {
    return this.dataSource.transaction(async (m) => {
      const rows: Record<string, any>[] = await m.query(
        `SELECT p.id, p.child_id, p.received_at, p.placement_type, p.legal_basis, p.outcome, p.failed_checks,
                p.review_due_at, p.submitted_by, p.reason, p.returned_to_panel_at
           FROM placement_requests p WHERE ${AWAITING_PANEL}
          ORDER BY p.received_at, p.id`,
      );
      const ids = rows.map((r) => r.id);
      const children = [...new Set(rows.map((r) => r.child_id))];
      const open: Record<string, any>[] = children.length
        ? await m.query(
            `SELECT d.child_id, d.contact_id, d.need_level, d.route, d.priority, d.triaged_at
               FROM decisions d JOIN contacts c ON c.id = d.contact_id
              WHERE d.child_id = ANY($1::uuid[]) AND d.is_current AND c.status <> 'closed'
              ORDER BY d.triaged_at DESC`,
            [children],
          )
        : [];
      const earlier: Record<string, any>[] = children.length
        ? await m.query(
            `SELECT p.id, p.child_id, p.received_at, p.placement_type, p.outcome, p.status, p.panel_decision,
                    o.outcome AS final_outcome
               FROM placement_requests p LEFT JOIN placement_outcomes o ON o.request_id = p.id
              WHERE p.child_id = ANY($1::uuid[]) ORDER BY p.received_at, p.id`,
            [children],
          )
        : [];
      const decisions = await this.requests.panelDecisions(m, ids, now);
      await auditReads(
        m,
        actor,
        rows.map((r) => ({ id: r.id, childId: r.child_id })),
        'panel_list',
        now,
      );
      const items = rows.map((r) => {
        const received = new Date(r.received_at);
        const waitedMs = Math.max(0, now.getTime() - received.getTime());
        return {
          id: r.id,
          childId: r.child_id,
          receivedAt: received.toISOString(),
          placementType: r.placement_type,
          legalBasis: r.legal_basis,
          outcome: r.outcome,
          reviewDueAt: r.review_due_at ? new Date(r.review_due_at).toISOString() : null,
          submittedBy: r.submitted_by,
          reason: r.reason,
          failedChecks: r.failed_checks,
          lacks: (r.failed_checks as CheckCode[]).map((code) => ({ code, text: CHECK_TEXT[code] })),
          openDecisions: open
            .filter((d) => d.child_id === r.child_id)
            .map((d) => ({
              contactId: d.contact_id,
              needLevel: d.need_level,
              route: d.route,
              priority: d.priority,
              triagedAt: new Date(d.triaged_at).toISOString(),
            })),
          earlierRequests: earlier
            .filter(
              (e) =>
                e.child_id === r.child_id &&
                e.id !== r.id &&
                new Date(e.received_at).getTime() <= received.getTime(),
            )
            .map((e) => ({
              id: e.id,
              receivedAt: new Date(e.received_at).toISOString(),
              placementType: e.placement_type,
              outcome: e.outcome,
              status: e.status,
              panelDecision: e.panel_decision,
              finalOutcome: e.final_outcome,
            })),
          waitingDays: Math.floor(waitedMs / 86400000),
          waitingHours: Math.floor(waitedMs / 3600000),
          returnedAt: r.returned_to_panel_at ? new Date(r.returned_to_panel_at).toISOString() : null,
          decisions: decisions.get(r.id) ?? [],
        };
      });
      return { items };
    });
  }

  /** A decision of the panel: kept (several per request), audited, its actions timed. */
  async decide(
    requestId: string,
    body: unknown,
    actor: Actor,
    now = new Date(),
  ): Promise<PlacementRequestDetail> {
    const today = londonDay(now);
    const input = validateBody(PanelDecisionBody, body, [
      (b) =>
        DECISIONS_WITH_ACTIONS.includes(b.decision as PanelDecision) && !b.actions?.length
          ? [{ path: 'actions', message: `a ${b.decision} decision needs at least one action` }]
          : [],
      (b) =>
        (b.actions ?? []).flatMap((a, i) =>
          a.dueBy < today
            ? [{ path: `actions[${i}].dueBy`, message: `must not be before today (${today})` }]
            : [],
        ),
    ]);
    const decision = input.decision as PanelDecision;
    const actions = input.actions ?? [];
    const { detail, timers } = await this.dataSource.transaction(async (m) => {
      const req = await lockRequest(this.requests, m, requestId, actor);
      this.assertAwaitingPanel(req);
      const owners: { username: string; role: string }[] = actions.length
        ? await m.query('SELECT username, role FROM staff_users WHERE username = ANY($1::text[])', [
            actions.map((a) => a.owner.trim()),
          ])
        : [];
      const roleOf = new Map(owners.map((o) => [o.username, o.role]));
      const decisionId = randomUUID();
      await m.query(
        `INSERT INTO placement_panel_decisions (id, request_id, decision, reason, decided_by, decided_by_role,
            decided_at) VALUES ($1,$2,$3,$4,$5,$6,$7)`,
        [decisionId, requestId, decision, input.reason.trim(), actor.username, actor.role, now],
      );
      const timers: { actionId: string; dueAt: string }[] = [];
      for (const [i, a] of actions.entries()) {
        const actionId = randomUUID();
        const owner = a.owner.trim();
        const [{ overdue_at }] = await m.query(
          `INSERT INTO placement_panel_actions (id, decision_id, request_id, position, action, owner, owner_role,
              due_by, overdue_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8::date, (($8::date + 1)::timestamp AT TIME ZONE 'Europe/London'))
           RETURNING overdue_at`,
          [actionId, decisionId, requestId, i, a.action, owner, roleOf.get(owner) ?? null, a.dueBy],
        );
        timers.push({ actionId, dueAt: new Date(overdue_at).toISOString() });
      }
      await m.query(
        `UPDATE placement_requests SET panel_decision = $2, panel_decided_at = $3, returned_to_panel_at = NULL,
            status = COALESCE($4, status) WHERE id = $1`,
        [requestId, decision, now, FINAL[decision]],
      );
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_panel.decision',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: req.childId,
          details: {
            decisionId,
            decision,
            actions: actions.map((a, i) => ({ id: timers[i].actionId, action: a.action, dueBy: a.dueBy })),
          },
        },
        now,
      );
      return { detail: (await this.requests.detail(m, requestId, now))!, timers };
    });
    await this.placeTimers(timers.map((t) => ({ kind: 'action' as const, ...t })));
    return detail;
  }

  /** An action done: a deferred request whose actions are all done returns to the panel's list. */
  async actionDone(
    requestId: string,
    actionId: string,
    body: unknown,
    actor: Actor,
    now = new Date(),
  ): Promise<PlacementRequestDetail> {
    const input = validateBody(ActionDoneBody, body ?? {});
    return this.dataSource.transaction(async (m) => {
      const [action] = await m.query(
        `SELECT a.id, a.owner, a.done_at, a.done_by, p.submitted_by, p.child_id
           FROM placement_panel_actions a JOIN placement_requests p ON p.id = a.request_id
          WHERE a.id = $1 AND a.request_id = $2 FOR UPDATE OF a`,
        [actionId, requestId],
      );
      if (!action) throw new NotFoundError('No such action on this placement request');
      const allowed =
        CHAIRS.includes(actor.role) ||
        action.owner === actor.username ||
        action.submitted_by === actor.username;
      if (!allowed)
        throw new ForbiddenError('Only its owner, the requesting worker or the panel may do this');
      if (action.done_at) {
        throw new ConflictError(
          `Already done by ${action.done_by} at ${new Date(action.done_at).toISOString()}`,
        );
      }
      await m.query(
        'UPDATE placement_panel_actions SET done_at = $2, done_by = $3, done_note = $4 WHERE id = $1',
        [actionId, now, actor.username, input.note?.trim() ?? null],
      );
      const [back] = await m.query(
        `UPDATE placement_requests p SET returned_to_panel_at = $2
          WHERE p.id = $1 AND p.panel_decision = 'deferred' AND p.status IN ('held','under_review')
            AND NOT EXISTS (SELECT 1 FROM placement_panel_actions a WHERE a.request_id = p.id AND a.done_at IS NULL)
          RETURNING id`,
        [requestId, now],
      );
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_panel.action_done',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: action.child_id,
          details: { actionId, returnedToPanel: Boolean(back) },
        },
        now,
      );
      return (await this.requests.detail(m, requestId, now))!;
    });
  }

  private assertAwaitingPanel(req: Record<string, any>): void {
    if (req.hasOutcome) throw new ConflictError('What finally happened is already recorded');
    switch (req.status) {
      case 'held':
      case 'under_review':
        return;
      case 'cleared':
        throw new ConflictError('Cleared: every check passes, there is nothing for the panel to decide');
      case 'linked':
        throw new ConflictError(`A repeat linked to the open request ${req.linkedTo}: decide that one`);
      default:
        throw new ConflictError(`Already decided by the panel (${req.panelDecision})`);
    }
  }

  /** Timers go to Redis after the commit, never holding up the answer; one lost is put back at start-up. */
  private async placeTimers(jobs: Parameters<PanelTimers['place']>[0]): Promise<void> {
    await this.timers.place(jobs);
  }
}
