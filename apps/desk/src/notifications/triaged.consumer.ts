import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, Topic } from '@app/contracts';
import { ConsumedMessage, RethrowRpcFilter } from '@app/messaging';
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
    const event = decodeEvent(Topic.ContactTriaged, message.value);
    await this.notify.execute(event.payload, event.eventId);
    // Triage stored the item before announcing it; a redelivery only makes open queues read again.
    this.queue.publish('triaged', event.payload.contactId, 'triage');
  }
}
