import { Injectable } from '@nestjs/common';
import { DelayedError, Job, Queue } from 'bullmq';
import { EntityManager } from 'typeorm';
import { raiseAlert } from '@app/alerting';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import { PanelTimerJob, panelTimerJobId, QueueName } from '@app/contracts';
import { InjectQueue, ProcessJobs, signalOutboxWritten, StartupJob } from '@app/messaging';
import { PanelTimersRepository } from './panel-timers.repository';

/**
 * The panel's timers: one delayed BullMQ job per action (at the end of its due day) and per retrospective
 * review (at its due time), with ids derived from the action or the request, so placing one twice (a
 * rebuild, a retry) leaves one timer.
 */
@Injectable()
export class PanelTimers {
  constructor(@InjectQueue(QueueName.PlacementPanel) readonly queue: Queue<PanelTimerJob>) {}

  async schedule(jobs: PanelTimerJob[], now = Date.now()): Promise<void> {
    if (!jobs.length) return;
    await this.queue.addBulk(
      jobs.map((data) => ({
        name: data.kind,
        data,
        opts: {
          jobId: panelTimerJobId(data),
          delay: Math.max(0, new Date(data.dueAt).getTime() - now),
          removeOnComplete: true,
          removeOnFail: 1000,
          attempts: 5,
          backoff: { type: 'exponential' as const, delay: 1000 },
        },
      })),
    );
  }

  /**
   * After a commit: places the timers, waiting at most `waitMs` so that a Redis outage never holds up the
   * answer (the command stays queued and lands when Redis is back; one lost is put back at start-up).
   */
  async place(jobs: PanelTimerJob[], waitMs = 1000): Promise<void> {
    if (!jobs.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.schedule(jobs).catch(() => undefined),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      }),
    ]);
    clearTimeout(timer);
  }
}

export type PanelOverdueOutcome = 'raised' | 'already_raised' | 'not_due' | 'done_or_decided' | 'gone';

/** Who manages the owner of an action, by the owner's role; an owner who is not a staff user: the chairs. */
const MANAGERS_OF: Record<string, string[]> = {
  social_worker: ['manager'],
  duty_worker: ['duty_manager'],
  duty_manager: ['head_of_service'],
  manager: ['head_of_service'],
  head_of_service: ['head_of_service'],
  admin: ['head_of_service'],
};
const PANEL_CHAIRS = ['manager', 'head_of_service'];

/**
 * At a timer's due time: an action still not done raises `PANEL_ACTION_OVERDUE` to its owner's managers; a
 * retrospective review still not decided raises `RETROSPECTIVE_REVIEW_OVERDUE`. Each once (dedupe keys from
 * the action or the request), through `raiseAlert`, so the alerts app delivers it on every channel.
 */
@Injectable()
export class PanelOverdueUseCase {
  private readonly reviewRoles: string[];

  constructor(
    private readonly repository: PanelTimersRepository,
    config: AppConfig,
  ) {
    const configured = config.PLACEMENT_ALERT_ROLES.split(',').map((r) => r.trim());
    this.reviewRoles = [...new Set([...configured, ...PANEL_CHAIRS])];
  }

  async execute(job: PanelTimerJob, now = new Date()): Promise<PanelOverdueOutcome> {
    const outcome = await this.repository.transaction((m) =>
      job.kind === 'action' ? this.action(m, job.actionId, now) : this.review(m, job.requestId, now),
    );
    if (outcome === 'raised') signalOutboxWritten();
    return outcome;
  }

  private async action(m: EntityManager, actionId: string, now: Date): Promise<PanelOverdueOutcome> {
    const a = await this.repository.lockAction(m, actionId);
    if (!a) return 'gone';
    if (a.doneAt || a.hasOutcome) return 'done_or_decided';
    if (new Date(a.overdueAt).getTime() > now.getTime()) return 'not_due';
    const roles = a.ownerRole ? (MANAGERS_OF[a.ownerRole] ?? PANEL_CHAIRS) : PANEL_CHAIRS;
    return this.raiseOnce(
      m,
      {
        kind: 'PANEL_ACTION_OVERDUE',
        dedupeKey: `panel-action-overdue:${a.id}`,
        title: 'Placement panel action overdue',
        body: [
          `Placement request ${a.requestId} (${String(a.placementType).replace(/_/g, ' ')}).`,
          `The panel's action "${String(a.action).replace(/_/g, ' ')}", owned by ${a.owner}, was due by ` +
            `${a.dueBy} and is not done.`,
        ].join('\n'),
        recipientRoles: roles,
        subjectType: 'placement_request',
        subjectId: a.requestId,
        childId: a.childId,
        details: {
          placementRequestId: a.requestId,
          actionId: a.id,
          action: a.action,
          owner: a.owner,
          dueBy: a.dueBy,
        },
      },
      'placement_panel.action_overdue',
      { actionId: a.id },
      now,
    );
  }

  private async review(m: EntityManager, requestId: string, now: Date): Promise<PanelOverdueOutcome> {
    const p = await this.repository.lockReview(m, requestId);
    if (!p || !p.reviewDueAt) return 'gone';
    // Decided (approved or declined: the status moves on) or withdrawn: nothing is overdue.
    if (p.status !== 'under_review' || p.withdrawn) return 'done_or_decided';
    const due = new Date(p.reviewDueAt);
    if (due.getTime() > now.getTime()) return 'not_due';
    return this.raiseOnce(
      m,
      {
        kind: 'RETROSPECTIVE_REVIEW_OVERDUE',
        dedupeKey: `review-overdue:${p.id}`,
        title: 'Retrospective review of an emergency placement overdue',
        body:
          `Placement request ${p.id} (${String(p.placementType).replace(/_/g, ' ')}, legal basis ` +
          `${p.legalBasis}) was an emergency; its retrospective review was due by ${due.toISOString()} ` +
          'and the panel has not decided it.',
        recipientRoles: this.reviewRoles,
        subjectType: 'placement_request',
        subjectId: p.id,
        childId: p.childId,
        details: { placementRequestId: p.id, reviewDueAt: due.toISOString() },
      },
      'placement_panel.review_overdue',
      {},
      now,
    );
  }

  /** Raises the alert once (its dedupe key) and audits that the system raised it, on the request. */
  private async raiseOnce(
    m: EntityManager,
    alert: Parameters<typeof raiseAlert>[1] & { subjectId: string; childId: string },
    action: string,
    details: Record<string, unknown>,
    now: Date,
  ): Promise<PanelOverdueOutcome> {
    const raised = await raiseAlert(m, alert, now);
    if (!raised.created) return 'already_raised';
    await appendAudit(
      m,
      {
        actor: 'system',
        action,
        subjectType: 'placement_request',
        subjectId: alert.subjectId,
        childId: alert.childId,
        details: { ...details, alertId: raised.id },
      },
      now,
    );
    return 'raised';
  }
}

/**
 * At start-up, before the panel timers' worker starts: puts back, from Postgres, the timer of every open
 * action and undecided review that has not yet raised its alert (placing one that exists does nothing), so
 * timers Redis lost, or that fell due while the desk was down, fire.
 */
@Injectable()
export class RebuildPanelTimersUseCase implements StartupJob {
  constructor(
    private readonly repository: PanelTimersRepository,
    private readonly timers: PanelTimers,
  ) {}

  async execute(): Promise<number> {
    const actions = await this.repository.openActions();
    const reviews = await this.repository.openReviews();
    const jobs: PanelTimerJob[] = [
      ...actions.map((a) => ({
        kind: 'action' as const,
        actionId: a.id,
        dueAt: new Date(a.overdueAt).toISOString(),
      })),
      ...reviews.map((r) => ({
        kind: 'review' as const,
        requestId: r.id,
        dueAt: new Date(r.reviewDueAt).toISOString(),
      })),
    ];
    for (let i = 0; i < jobs.length; i += 500) await this.timers.schedule(jobs.slice(i, i + 500));
    return jobs.length;
  }
}

/** The panel timers' handler, in the desk app (thin: the use case decides). */
@Injectable()
export class PanelTimersProcessor {
  constructor(private readonly overdue: PanelOverdueUseCase) {}

  @ProcessJobs(QueueName.PlacementPanel, { concurrency: 2 })
  async process(job: Job<PanelTimerJob>, token?: string): Promise<string> {
    const outcome = await this.overdue.execute(job.data);
    if (outcome === 'not_due') {
      // Fired early (a clock between machines): back to sleep until the due time.
      await job.moveToDelayed(new Date(job.data.dueAt).getTime() + 1000, token);
      throw new DelayedError();
    }
    return outcome;
  }
}
