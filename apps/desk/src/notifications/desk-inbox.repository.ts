import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsumerGroup } from '@app/contracts';
import { claimEvent } from '@app/messaging';

/** The desk's own inbox entries: which events it has already acted on (the once-only notices). */
@Injectable()
export class DeskInboxRepository {
  constructor(private readonly ds: DataSource) {}

  async seen(eventId: string): Promise<boolean> {
    const seen: unknown[] = await this.ds.query('SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2', [
      ConsumerGroup.Desk,
      eventId,
    ]);
    return seen.length > 0;
  }

  async markSeen(eventId: string): Promise<void> {
    await claimEvent(this.ds.manager, ConsumerGroup.Desk, eventId);
  }
}
