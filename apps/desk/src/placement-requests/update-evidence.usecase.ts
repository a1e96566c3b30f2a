import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
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
import { hasOpenImmediateLevel4 } from './record-placement-request.usecase';
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
    private readonly dataSource: DataSource,
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
    const { detail, resolved } = await this.dataSource.transaction(async (m) => {
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
          openImmediateLevel4: await hasOpenImmediateLevel4(m, req.childId, receivedAt),
        },
        this.criteria.current().calendar,
      );
      const cleared = result.outcome === 'CLEARED';
      await m.query(
        `UPDATE placement_requests SET evidence = $2, outcome = $3, failed_checks = $4,
            status = CASE WHEN $5 THEN 'cleared' ELSE status END WHERE id = $1`,
        [requestId, JSON.stringify(evidence), result.outcome, result.failedChecks, cleared],
      );
      await m.query(
        `INSERT INTO placement_evidence_updates (id, request_id, evidence, outcome_before, failed_before,
            outcome_after, failed_after, updated_by, updated_by_role, updated_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
        [
          randomUUID(),
          requestId,
          JSON.stringify(input),
          req.outcome,
          req.failedChecks,
          result.outcome,
          result.failedChecks,
          actor.username,
          actor.role,
          now,
        ],
      );
      // The request's own alerts (a repeat's alert is the open request's: that one is not this one's to close).
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected count]: the rows are the first.
      const resolved: { id: string; recipient_roles: string[] }[] = cleared
        ? (
            await m.query(
              `UPDATE alerts SET resolved_at = $2, resolution = $3
              WHERE subject_type = 'placement_request' AND subject_id = $1 AND resolved_at IS NULL
              RETURNING id, recipient_roles`,
              [
                requestId,
                now,
                `Cleared at ${now.toISOString()} by new evidence from ${actor.username}: every check now passes.`,
              ],
            )
          )[0]
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
        recipientRoles: a.recipient_roles,
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
