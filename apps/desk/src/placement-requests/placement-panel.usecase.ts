import { ConflictError, ForbiddenError, NotFoundError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '@app/audit';
import { londonDay } from './gatekeeping';
import { ActionDoneBody, PanelDecisionBody } from './panel.dto';
import { Actor, auditReads, lockRequest } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { LockedPlacementRequest, PlacementRequestsRepository } from './placement-requests.repository';
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

/** The placement panel (placement-gatekeeping.md, "The placement panel"): its list, decisions and actions. */
@Injectable()
export class PlacementPanelUseCase {
  constructor(
    private readonly requests: PlacementRequestsRepository,
    private readonly timers: PanelTimers,
  ) {}

  /** The panel's list, each request with what it lacks, the child's open decisions and earlier requests. */
  async list(actor: Actor, now = new Date()) {
    return this.requests.transaction(async (m) => {
      const rows = await this.requests.awaitingPanel(m);
      const ids = rows.map((r) => r.id);
      const children = [...new Set(rows.map((r) => r.childId))];
      const open = await this.requests.openDecisionsOf(m, children);
      const earlier = await this.requests.requestsOfChildren(m, children);
      const decisions = await this.requests.panelDecisions(m, ids, now);
      await auditReads(
        m,
        actor,
        rows.map((r) => ({ id: r.id, childId: r.childId })),
        'panel_list',
        now,
      );
      const items = rows.map((r) => {
        const received = new Date(r.receivedAt);
        const waitedMs = Math.max(0, now.getTime() - received.getTime());
        return {
          id: r.id,
          childId: r.childId,
          receivedAt: received.toISOString(),
          placementType: r.placementType,
          legalBasis: r.legalBasis,
          outcome: r.outcome,
          reviewDueAt: r.reviewDueAt ? new Date(r.reviewDueAt).toISOString() : null,
          submittedBy: r.submittedBy,
          reason: r.reason,
          failedChecks: r.failedChecks,
          lacks: (r.failedChecks as CheckCode[]).map((code) => ({ code, text: CHECK_TEXT[code] })),
          openDecisions: open
            .filter((d) => d.childId === r.childId)
            .map((d) => ({
              contactId: d.contactId,
              needLevel: d.needLevel,
              route: d.route,
              priority: d.priority,
              triagedAt: new Date(d.triagedAt).toISOString(),
            })),
          earlierRequests: earlier
            .filter(
              (e) =>
                e.childId === r.childId &&
                e.id !== r.id &&
                new Date(e.receivedAt).getTime() <= received.getTime(),
            )
            .map((e) => ({
              id: e.id,
              receivedAt: new Date(e.receivedAt).toISOString(),
              placementType: e.placementType,
              outcome: e.outcome,
              status: e.status,
              panelDecision: e.panelDecision,
              finalOutcome: e.finalOutcome,
            })),
          waitingDays: Math.floor(waitedMs / 86400000),
          waitingHours: Math.floor(waitedMs / 3600000),
          returnedAt: r.returnedToPanelAt ? new Date(r.returnedToPanelAt).toISOString() : null,
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
    const { detail, timers } = await this.requests.transaction(async (m) => {
      const req = await lockRequest(this.requests, m, requestId, actor);
      this.assertAwaitingPanel(req);
      const roleOf = await this.requests.staffRoles(
        m,
        actions.map((a) => a.owner.trim()),
      );
      const decisionId = randomUUID();
      await this.requests.insertPanelDecision(m, {
        id: decisionId,
        requestId,
        decision,
        reason: input.reason.trim(),
        actor,
        at: now,
      });
      const timers: { actionId: string; dueAt: string }[] = [];
      for (const [i, a] of actions.entries()) {
        const actionId = randomUUID();
        const owner = a.owner.trim();
        const overdueAt = await this.requests.insertPanelAction(m, {
          id: actionId,
          decisionId,
          requestId,
          position: i,
          action: a.action,
          owner,
          ownerRole: roleOf.get(owner) ?? null,
          dueBy: a.dueBy,
        });
        timers.push({ actionId, dueAt: new Date(overdueAt).toISOString() });
      }
      await this.requests.markPanelDecided(m, requestId, decision, now, FINAL[decision]);
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
    return this.requests.transaction(async (m) => {
      const action = await this.requests.lockAction(m, requestId, actionId);
      if (!action) throw new NotFoundError('No such action on this placement request');
      const allowed =
        CHAIRS.includes(actor.role) ||
        action.owner === actor.username ||
        action.submittedBy === actor.username;
      if (!allowed)
        throw new ForbiddenError('Only its owner, the requesting worker or the panel may do this');
      if (action.doneAt) {
        throw new ConflictError(
          `Already done by ${action.doneBy} at ${new Date(action.doneAt).toISOString()}`,
        );
      }
      await this.requests.markActionDone(m, actionId, now, actor.username, input.note?.trim() ?? null);
      const back = await this.requests.returnToPanelIfActionsDone(m, requestId, now);
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_panel.action_done',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: action.childId,
          details: { actionId, returnedToPanel: back },
        },
        now,
      );
      return (await this.requests.detail(m, requestId, now))!;
    });
  }

  private assertAwaitingPanel(req: LockedPlacementRequest): void {
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
