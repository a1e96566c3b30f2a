import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactTriagedEvent, Topic } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { QueueEvents } from '../live/queue-events';
import { NotifyHeldRaisedUseCase } from './notify-held-raised.usecase';

/**
 * Reads `contact.triaged.v1` (group front-door.desk) to tell a worker when an item they hold was raised, and
 * every open queue that an item arrived or changed (the live queue shows new items without a reload).
 */
@Controller()
@UseFilters(RethrowRpcFilter)
export class TriagedConsumer {
  constructor(
    private readonly notify: NotifyHeldRaisedUseCase,
    private readonly queue: QueueEvents,
  ) {}

  @EventPattern(Topic.ContactTriaged)
  async onTriaged(@Payload() message: ConsumedMessage) {
    const event = message.value as Partial<ContactTriagedEvent>;
    if (typeof event?.payload?.contactId !== 'string' || typeof event.payload.childId !== 'string')
      throw new InvalidMessageError('not a contact.triaged.v1 event (payload.contactId required)');
    await this.notify.execute(event.payload, typeof event.eventId === 'string' ? event.eventId : undefined);
    // Triage stored the item before announcing it; a redelivery only makes open queues read again.
    this.queue.publish('triaged', event.payload.contactId, 'triage');
  }
}
