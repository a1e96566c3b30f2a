import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, Topic } from '@app/contracts';
import { ConsumedMessage, RethrowRpcFilter } from '@app/messaging';
import { NotifyHeldRaisedUseCase } from './notify-held-raised.usecase';

/**
 * Reads `contact.triaged.v1` (group front-door.desk) to tell a worker when an item they hold was raised.
 */
@Controller()
@UseFilters(RethrowRpcFilter)
export class TriagedConsumer {
  constructor(private readonly notify: NotifyHeldRaisedUseCase) {}

  @EventPattern(Topic.ContactTriaged)
  async onTriaged(@Payload() message: ConsumedMessage) {
    const event = decodeEvent(Topic.ContactTriaged, message.value);
    await this.notify.execute(event.payload, event.eventId);
  }
}
