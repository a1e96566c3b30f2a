import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { raiseAlert } from '@app/alerting';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import { invalidInput, RuleBrokenError, Topic } from '@app/contracts';
import { CriteriaRegistry, explainMatch } from '@app/criteria';
import { enqueueEvents, signalOutboxWritten } from '@app/messaging';
import { lockKeys } from '@app/persistence';
import { gatekeep, GatekeepingResult } from './gatekeeping';
import { PanelTimers } from './panel-timers';
import { PlacementRequestDetail } from './placement-request-view';
import { PlacementRequestsRepository } from './placement-requests.repository';
import { CHECK_TEXT, OUTCOME_TEXT } from './placement-vocabulary';
import {
  PlacementChild,
  PlacementRequestInput,
  validatePlacementRequest,
} from './validate-placement-request';

export interface RecordPlacementRequestCommand {
  body: unknown;
  submittedBy: { userId: string; username: string; role: string };
  receivedAt?: Date;
}

/**
 * Records a placement request with its gatekeeping result, in one transaction with: the alert it calls
 * for (raised through the outbox, so it is announced if and only if the request is recorded), the
 * `placement.requested.v1` and `placement.gatekept.v1` events, and the audit entry. A repeated request
 * (same child, same type, while the first is still held) is linked to the open one and raises nothing.
 */
@Injectable()
export class RecordPlacementRequestUseCase {
  private readonly alertRoles: string[];

  constructor(
    private readonly requests: PlacementRequestsRepository,
    private readonly criteria: CriteriaRegistry,
    config: AppConfig,
    private readonly timers: PanelTimers,
  ) {
    this.alertRoles = config.PLACEMENT_ALERT_ROLES.split(',').map((r) => r.trim());
  }

  async execute(cmd: RecordPlacementRequestCommand): Promise<PlacementRequestDetail> {
    const receivedAt = cmd.receivedAt ?? new Date();
    const valid = validatePlacementRequest(cmd.body, receivedAt);
    if (!valid.ok) throw invalidInput(valid.status, valid.errors);
    const detail = await this.requests.transaction(async (m) => {
      const id = await this.record(m, valid.request, cmd, receivedAt);
      return (await this.requests.detail(m, id))!;
    });
    // Managers' alert goes to Kafka now rather than at the outbox relay's next poll.
    signalOutboxWritten();
    if (detail.gatekeeping.reviewDueAt) {
      // After the commit, never holding up the answer; a timer lost here is put back at start-up.
      await this.timers.place([
        { kind: 'review', requestId: detail.id, dueAt: detail.gatekeeping.reviewDueAt },
      ]);
    }
    return detail;
  }

  private async record(
    m: EntityManager,
    req: PlacementRequestInput,
    cmd: RecordPlacementRequestCommand,
    receivedAt: Date,
  ): Promise<string> {
    const childId = await resolveChild(this.requests, m, req.child);
    // One request at a time per child and type: a repeat cannot slip past the open one it repeats.
    await lockKeys(m, 'placement-request', [`${childId}|${req.placementType}`]);

    const open = await this.requests.hasOpenImmediateLevel4(m, childId, receivedAt);
    const result = gatekeep(
      {
        placementType: req.placementType,
        legalBasis: req.legalBasis,
        emergency: req.emergency,
        evidence: req.evidence,
        receivedAt,
        openImmediateLevel4: open,
      },
      this.criteria.current().calendar,
    );

    const heldId =
      result.outcome === 'HELD_FOR_PANEL'
        ? await this.requests.firstHeld(m, childId, req.placementType)
        : null;
    const status =
      result.outcome === 'CLEARED'
        ? 'cleared'
        : result.outcome === 'RETROSPECTIVE_REVIEW'
          ? 'under_review'
          : heldId
            ? 'linked'
            : 'held';

    const id = randomUUID();
    await this.requests.insert(m, {
      id,
      childId,
      receivedAt,
      requestedBy: req.requestedBy,
      submittedBy: cmd.submittedBy.username,
      submittedByRole: cmd.submittedBy.role,
      placementType: req.placementType,
      legalBasis: req.legalBasis,
      emergency: req.emergency,
      reason: req.reason,
      evidence: req.evidence,
      outcome: result.outcome,
      failedChecks: result.failedChecks,
      reviewDueAt: result.reviewDueAt,
      status,
      linkedTo: heldId,
    });

    if (result.outcome !== 'CLEARED' && !heldId) {
      await raiseAlert(m, this.alertFor(id, childId, req, result), receivedAt);
    }
    await enqueueEvents(
      m,
      [
        {
          topic: Topic.PlacementRequested,
          key: childId,
          payload: { placementRequestId: id, childId, receivedAt: receivedAt.toISOString() },
        },
        {
          topic: Topic.PlacementGatekept,
          key: childId,
          payload: { placementRequestId: id, outcome: result.outcome, failedChecks: result.failedChecks },
        },
      ],
      receivedAt,
    );
    await appendAudit(
      m,
      {
        actor: cmd.submittedBy.username,
        actorRole: cmd.submittedBy.role,
        action: 'placement_request.create',
        subjectType: 'placement_request',
        subjectId: id,
        childId,
        details: { outcome: result.outcome, failedChecks: result.failedChecks, linkedTo: heldId },
      },
      receivedAt,
    );
    return id;
  }

  /** The alert's words: ids, codes and plain words only, never the child's name or identifiers. */
  private alertFor(id: string, childId: string, req: PlacementRequestInput, result: GatekeepingResult) {
    const emergency = result.outcome === 'RETROSPECTIVE_REVIEW';
    const missing = result.failedChecks.map((c) => `- ${CHECK_TEXT[c]}`);
    const body = [
      `Placement request ${id} (${req.placementType.replace(/_/g, ' ')}, legal basis ${req.legalBasis}).`,
      OUTCOME_TEXT[result.outcome],
      ...(emergency ? [`Review due by ${result.reviewDueAt!.toISOString()}.`] : []),
      missing.length ? 'What is missing:' : 'Every check passed.',
      ...missing,
    ].join('\n');
    return {
      kind: emergency ? ('RETROSPECTIVE_REVIEW_REQUIRED' as const) : ('ALTERNATIVES_NOT_EXHAUSTED' as const),
      dedupeKey: `placement:${id}`,
      title: emergency
        ? 'Emergency placement: retrospective review required'
        : 'Placement request held: family-based alternatives not exhausted',
      body,
      recipientRoles: this.alertRoles,
      subjectType: 'placement_request',
      subjectId: id,
      childId,
      details: {
        placementRequestId: id,
        outcome: result.outcome,
        failedChecks: result.failedChecks,
        reviewDueAt: result.reviewDueAt?.toISOString() ?? null,
        placementType: req.placementType,
        legalBasis: req.legalBasis,
      },
    };
  }
}

/** The child's id: one the service knows (followed through merges), or matched from identifiers. */
async function resolveChild(
  requests: PlacementRequestsRepository,
  m: EntityManager,
  child: PlacementChild,
): Promise<string> {
  if ('id' in child) {
    let id = child.id;
    for (let hops = 0; hops < 20; hops++) {
      const row = await requests.childMerge(m, id);
      if (!row) {
        throw new RuleBrokenError([
          { path: 'child.id', message: 'no child with this id is known to the service' },
        ]);
      }
      if (!row.mergedInto) return row.id;
      id = row.mergedInto;
    }
    throw new RuleBrokenError([{ path: 'child.id', message: 'this child record cannot be resolved' }]);
  }
  const c = child.identifiers;
  const birth = c.dateOfBirth ?? c.expectedDateOfBirth ?? null;
  const lastName = c.lastName.normalize('NFD').toLowerCase().replace(/\P{L}/gu, '');
  const candidates = await requests.childCandidates(m, {
    nhsNumber: c.nhsNumber ?? null,
    upn: c.upn ?? null,
    lastNameNorm: lastName,
    birthDate: birth,
  });
  for (const candidate of candidates) {
    const other = candidate.body.child as Record<string, unknown> & { address?: { postcode?: string } };
    const result = explainMatch(
      { ...c },
      {
        firstName: other.firstName as string | undefined,
        lastName: other.lastName as string,
        dateOfBirth: other.dateOfBirth as string | undefined,
        expectedDateOfBirth: other.expectedDateOfBirth as string | undefined,
        nhsNumber: other.nhsNumber as string | undefined,
        upn: other.upn as string | undefined,
        postcode: other.address?.postcode,
      },
    );
    if (result.result === 'same') return resolveChild(requests, m, { id: candidate.childId });
  }
  throw new RuleBrokenError([
    { path: 'child', message: 'no child known to the service matches these identifiers' },
  ]);
}
