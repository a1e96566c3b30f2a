import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ConsumerGroup, ContactTriagedPayload } from '@app/contracts';
import { claimEvent } from '@app/messaging';
import { HeldItemNotifier } from './held-item-notifier';

/**
 * A re-triage raised the level or priority of an item a worker holds (criteria section 8): tell the holder at
 * once, and once only: the event's id (derived from the decision it announces) goes to the inbox after the
 * holder is told, so a redelivered or re-published event is ignored (a crash in between may tell twice).
 */
@Injectable()
export class NotifyHeldRaisedUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly notifier: HeldItemNotifier,
  ) {}

  async execute(p: ContactTriagedPayload, eventId?: string): Promise<boolean> {
    if (!p.raisedWhileHeld) return false;
    if (eventId) {
      const seen: unknown[] = await this.ds.query(
        'SELECT 1 FROM inbox WHERE consumer = $1 AND event_id = $2',
        [ConsumerGroup.Desk, eventId],
      );
      if (seen.length) return false;
    }
    const [item] = await this.ds.query(
      `SELECT claimed_by FROM desk_items WHERE contact_id = $1 AND claimed_by IS NOT NULL`,
      [p.contactId],
    );
    if (!item) return false;
    await this.notifier.publish({
      type: 'held-item-raised',
      username: item.claimed_by,
      contactId: p.contactId,
      childId: p.childId,
      needLevel: p.needLevel,
      priority: p.priority,
      dueAt: p.dueAt,
    });
    if (eventId) await claimEvent(this.ds.manager, ConsumerGroup.Desk, eventId);
    return true;
  }
}
