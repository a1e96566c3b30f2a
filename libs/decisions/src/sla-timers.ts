import { Injectable, Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { QueueName, SlaJob, slaJobId } from '@app/contracts';
import { InjectQueue } from '@app/messaging';

/**
 * Puts each desk item's SLA timer (a delayed BullMQ job at its due time) in place, replacing any earlier
 * timer for the same contact: the job id is derived from the contact, so there is only ever one. Triage
 * places the first timers as it decides (after its commit); the desk moves and cancels them and works them
 * (apps/desk/src/sla). The queue is the app's (`JobsModule.forRoot({ queues: [QueueName.Sla] })`).
 */
@Injectable()
export class SlaTimers {
  constructor(@InjectQueue(QueueName.Sla) readonly queue: Queue<SlaJob>) {}

  /**
   * `firstTimer`: the contact has never had a timer (its first triage), so there is none to move and one
   * round trip suffices; adding with an existing job id (a replay after a crash) leaves that job as it is.
   */
  async schedule(timers: (SlaJob & { firstTimer?: boolean })[], now = Date.now()): Promise<void> {
    const first: Parameters<Queue<SlaJob>['addBulk']>[0] = [];
    for (const { firstTimer, ...t } of timers) {
      if (firstTimer) {
        first.push({ name: 'due', data: t, opts: this.jobOptions(t, now) });
        continue;
      }
      const existing = await this.queue.getJob(slaJobId(t.contactId));
      if (existing?.data.dueAt === t.dueAt) continue;
      // A timer already running (being processed) cannot be removed; it re-checks Postgres anyway.
      await existing?.remove().catch(() => undefined);
      await this.queue.add('due', t, this.jobOptions(t, now));
    }
    // New timers in one round trip (a batch of triage decisions places hundreds at once).
    if (first.length) await this.queue.addBulk(first);
  }

  private jobOptions(t: SlaJob, now: number) {
    return {
      jobId: slaJobId(t.contactId),
      delay: Math.max(0, new Date(t.dueAt).getTime() - now),
      removeOnComplete: true,
      removeOnFail: 1000,
      attempts: 5,
      backoff: { type: 'exponential' as const, delay: 1000 },
    };
  }

  async cancel(contactId: string): Promise<void> {
    await (await this.queue.getJob(slaJobId(contactId)))?.remove().catch(() => undefined);
  }
}

/** The SLA timers, provided once for each app that places them (triage and the desk). */
@Module({ providers: [SlaTimers], exports: [SlaTimers] })
export class SlaTimersModule {}
