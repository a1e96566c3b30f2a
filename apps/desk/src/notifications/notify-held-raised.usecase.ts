import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ContactTriagedPayload } from '@app/contracts';
import { HeldItemNotifier } from './held-item-notifier';

/**
 * A re-triage raised the level or priority of an item a worker holds (criteria section 8): tell the holder at
 * once. Telling twice (a redelivered event) does no harm, so no inbox is needed.
 */
@Injectable()
export class NotifyHeldRaisedUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly notifier: HeldItemNotifier,
  ) {}

  async execute(p: ContactTriagedPayload): Promise<boolean> {
    if (!p.raisedWhileHeld) return false;
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
    return true;
  }
}
