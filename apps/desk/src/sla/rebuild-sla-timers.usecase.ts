import { Injectable } from '@nestjs/common';
import { SlaTimers } from '@app/decisions';
import { StartupJob } from '@app/messaging';
import { DeskItemsRepository } from '../queue/desk-items.repository';

/**
 * At start-up, before the SLA worker starts: puts back, from Postgres, the timer of every item still
 * awaiting a decision and not yet overdue (placing a timer that exists does nothing), so timers Redis lost
 * are rebuilt.
 */
@Injectable()
export class RebuildSlaTimersUseCase implements StartupJob {
  constructor(
    private readonly items: DeskItemsRepository,
    private readonly timers: SlaTimers,
  ) {}

  async execute(): Promise<number> {
    const jobs = await this.items.awaitingTimers();
    for (let i = 0; i < jobs.length; i += 200) {
      const chunk = jobs.slice(i, i + 200);
      await Promise.all(chunk.map((j) => this.timers.schedule([j])));
    }
    return jobs.length;
  }
}
