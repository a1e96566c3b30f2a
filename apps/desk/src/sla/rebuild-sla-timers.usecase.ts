import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SlaTimers } from '@app/decisions';
import { StartupJob } from '@app/messaging';

/**
 * At start-up, before the SLA worker starts: puts back, from Postgres, the timer of every item still
 * awaiting a decision and not yet overdue (placing a timer that exists does nothing), so timers Redis lost
 * are rebuilt.
 */
@Injectable()
export class RebuildSlaTimersUseCase implements StartupJob {
  constructor(
    private readonly ds: DataSource,
    private readonly timers: SlaTimers,
  ) {}

  async execute(): Promise<number> {
    const rows: { contact_id: string; due_at: Date }[] = await this.ds.query(
      `SELECT contact_id, due_at FROM desk_items WHERE state = 'awaiting' AND NOT overdue ORDER BY due_at`,
    );
    const jobs = rows.map((r) => ({ contactId: r.contact_id, dueAt: new Date(r.due_at).toISOString() }));
    for (let i = 0; i < jobs.length; i += 200) {
      const chunk = jobs.slice(i, i + 200);
      await Promise.all(chunk.map((j) => this.timers.schedule([j])));
    }
    return jobs.length;
  }
}
