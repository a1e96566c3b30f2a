import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import { alertFeedChannel, AlertFeedEvent, ConflictError, Topic } from '@app/contracts';
import { CriteriaRegistry } from '@app/criteria';
import { enqueueEvents, REDIS, signalOutboxWritten } from '@app/messaging';
import { gatekeep, londonDay } from './gatekeeping';
import { EvidenceBody } from './panel.dto';
import { Actor, lockRequest } from './placement-access';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { PlacementEvidence } from './placement-vocabulary';
import { validateBody } from '../request-input/validate-input';
import { evidenceRules } from './validate-placement-request';

/** Requests whose evidence may still change the result: awaiting the panel, deferred, or a repeat. */
const OPEN_STATUSES = ['held', 'linked', 'under_review'];

/**
 * New evidence for a request (placement-gatekeeping.md, "The placement panel"): the checks run again at
 * once, as of the request's own receipt time (the same `gatekeep`, the same fact about the child). When
 * every check passes a held request becomes `CLEARED` and its open alerts say so (resolved, not escalated);
 * otherwise it stays held with the new failed checks. Each update is kept with the result before and after.
 */
@Injectable()
export class UpdateEvidenceUseCase {
  constructor(
    private readonly requests: PlacementRequestsRepository,
    private readonly criteria: CriteriaRegistry,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async execute(
    requestId: string,
    body: unknown,
    actor: Actor,
    now = new Date(),
  ): Promise<PlacementRequestDetail> {
    // Shape first (400 before 404 would leak nothing, but a malformed body is answered as such anyway).
    validateBody(EvidenceBody, body);
    const { detail, resolved } = await this.requests.transaction(async (m) => {
      const req = await lockRequest(this.requests, m, requestId, actor);
      const receivedAt = new Date(req.receivedAt);
      const input = validateBody(EvidenceBody, body, [atLeastOneItem, evidenceRules(londonDay(receivedAt))]);
      if (req.hasOutcome) throw new ConflictError('What finally happened is already recorded');
      if (!OPEN_STATUSES.includes(req.status)) {
        throw new ConflictError(
          req.status === 'cleared'
            ? 'Already cleared: every check passes'
            : `Already decided by the panel (${req.panelDecision})`,
        );
      }
      const evidence = merge(req.evidence as PlacementEvidence, input);
      const result = gatekeep(
        {
          placementType: req.placementType,
          legalBasis: req.legalBasis,
          emergency: req.emergency,
          evidence,
          receivedAt,
          openImmediateLevel4: await this.requests.hasOpenImmediateLevel4(m, req.childId, receivedAt),
        },
        this.criteria.current().calendar,
      );
      const cleared = result.outcome === 'CLEARED';
      await this.requests.updateGatekeeping(m, requestId, evidence, result, cleared);
      await this.requests.insertEvidenceUpdate(m, {
        id: randomUUID(),
        requestId,
        evidence: input,
        outcomeBefore: req.outcome,
        failedBefore: req.failedChecks,
        outcomeAfter: result.outcome,
        failedAfter: result.failedChecks,
        updatedBy: actor.username,
        updatedByRole: actor.role,
        updatedAt: now,
      });
      // The request's own alerts (a repeat's alert is the open request's: that one is not this one's to close).
      const resolved = cleared
        ? await this.requests.resolveOpenAlerts(
            m,
            requestId,
            now,
            `Cleared at ${now.toISOString()} by new evidence from ${actor.username}: every check now passes.`,
          )
        : [];
      await enqueueEvents(
        m,
        [
          {
            topic: Topic.PlacementGatekept,
            key: req.childId,
            payload: {
              placementRequestId: requestId,
              outcome: result.outcome,
              failedChecks: result.failedChecks,
            },
          },
        ],
        now,
      );
      await appendAudit(
        m,
        {
          actor: actor.username,
          actorRole: actor.role,
          action: 'placement_request.evidence',
          subjectType: 'placement_request',
          subjectId: requestId,
          childId: req.childId,
          details: {
            outcomeBefore: req.outcome,
            failedBefore: req.failedChecks,
            outcomeAfter: result.outcome,
            failedAfter: result.failedChecks,
            alertsResolved: resolved.map((a) => a.id),
          },
        },
        now,
      );
      return { detail: (await this.requests.detail(m, requestId, now))!, resolved };
    });
    signalOutboxWritten();
    // Live alert feeds show the alert resolved without a reload.
    for (const a of resolved) {
      const event: AlertFeedEvent = {
        type: 'alert.resolved',
        alertId: a.id,
        recipientRoles: a.recipientRoles,
      };
      await this.redis
        .publish(alertFeedChannel(this.config.REDIS_PREFIX), JSON.stringify(event))
        .catch(() => 0);
    }
    return detail;
  }
}

/** Each item given replaces the recorded one; an item not given stays as it was. */
function merge(recorded: PlacementEvidence, update: EvidenceBody): PlacementEvidence {
  const pick = <T extends object>(o: T | undefined) =>
    o
      ? (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T)
      : undefined;
  return {
    familyGroupConference: (pick(update.familyGroupConference) ??
      recorded.familyGroupConference) as PlacementEvidence['familyGroupConference'],
    kinshipAssessment: (pick(update.kinshipAssessment) ??
      recorded.kinshipAssessment) as PlacementEvidence['kinshipAssessment'],
    familySupport: (pick(update.familySupport) ??
      recorded.familySupport) as PlacementEvidence['familySupport'],
    inHouseFosterSearch: (pick(update.inHouseFosterSearch) ??
      recorded.inHouseFosterSearch) as PlacementEvidence['inHouseFosterSearch'],
  };
}

/** An update gives at least one item (a new request may give none: each then reads as not done). */
const atLeastOneItem = (e: EvidenceBody) =>
  !e.familyGroupConference && !e.kinshipAssessment && !e.familySupport && !e.inHouseFosterSearch
    ? [{ path: '', message: 'give at least one evidence item' }]
    : [];
