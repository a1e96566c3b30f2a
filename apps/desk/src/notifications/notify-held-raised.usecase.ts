import { Injectable } from '@nestjs/common';
import { ContactTriagedPayload } from '@app/contracts';
import { DeskItemsRepository } from '../queue/desk-items.repository';
import { DeskInboxRepository } from './desk-inbox.repository';
import { HeldItemNotifier } from './held-item-notifier';

/**
 * A re-triage raised the level or priority of an item a worker holds (criteria section 8): tell the holder at
 * once, and once only: the event's id (derived from the decision it announces) goes to the inbox after the
 * holder is told, so a redelivered or re-published event is ignored (a crash in between may tell twice).
 */
@Injectable()
export class NotifyHeldRaisedUseCase {
  constructor(
    private readonly items: DeskItemsRepository,
    private readonly inbox: DeskInboxRepository,
    private readonly notifier: HeldItemNotifier,
  ) {}

  async execute(p: ContactTriagedPayload, eventId?: string): Promise<boolean> {
    if (!p.raisedWhileHeld) return false;
    if (eventId && (await this.inbox.seen(eventId))) return false;
    const holder = await this.items.holder(p.contactId);
    if (!holder) return false;
    await this.notifier.publish({
      type: 'held-item-raised',
      username: holder,
      contactId: p.contactId,
      childId: p.childId,
      needLevel: p.needLevel,
      priority: p.priority,
      dueAt: p.dueAt,
    });
    if (eventId) await this.inbox.markSeen(eventId);
    return true;
  }
}
