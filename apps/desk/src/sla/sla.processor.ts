import { Injectable } from '@nestjs/common';
import { DelayedError, Job } from 'bullmq';
import { QueueName, SlaJob } from '@app/contracts';
import { ProcessJobs } from '@app/messaging';
import { MarkOverdueUseCase } from './mark-overdue.usecase';

/**
 * The SLA timers' handler, in the desk app (thin: the use case decides). A timer that fires for a due time
 * that has since moved later is put back to sleep until the new due time.
 */
@Injectable()
export class SlaProcessor {
  constructor(private readonly markOverdue: MarkOverdueUseCase) {}

  @ProcessJobs(QueueName.Sla, { concurrency: 4 })
  async process(job: Job<SlaJob>, token?: string): Promise<string> {
    const outcome = await this.markOverdue.execute(job.data);
    if (outcome.kind === 'not_due') {
      await job.updateData({ contactId: job.data.contactId, dueAt: outcome.dueAt.toISOString() });
      await job.moveToDelayed(outcome.dueAt.getTime(), token);
      throw new DelayedError();
    }
    return outcome.kind;
  }
}
