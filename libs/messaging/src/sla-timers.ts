import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { QueueName, SlaJob, slaJobId } from '@app/contracts';

/**
 * Puts each contact's SLA timer (a delayed BullMQ job at its due time) in place, replacing any earlier
 * timer for the same contact: the job id is derived from the contact, so there is only ever one.
 */
export class SlaTimers {
  readonly queue: Queue<SlaJob>;

  constructor(redis: Redis, prefix: string) {
    this.queue = new Queue<SlaJob>(QueueName.Sla, { connection: redis, prefix });
    // Redis errors surface on the commands that fail; an unheard 'error' event would end the process.
    this.queue.on('error', () => undefined);
  }

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

  async close(): Promise<void> {
    await this.queue.close();
  }
}
