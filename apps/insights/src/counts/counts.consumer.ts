import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, Topic } from '@app/contracts';
import { ConsumedMessage, RethrowRpcFilter } from '@app/messaging';
import { RecordCountsUseCase } from './record-counts.usecase';

/** Parses contact events and keeps the insight counts from them. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class CountsConsumer {
  constructor(private readonly counts: RecordCountsUseCase) {}

  @EventPattern(Topic.ContactReceived)
  async onReceived(@Payload() message: ConsumedMessage) {
    const { eventId, payload } = decodeEvent(Topic.ContactReceived, message.value);
    await this.counts.execute({ eventId, kind: 'received', contactId: payload.contactId });
  }

  @EventPattern(Topic.ContactTriaged)
  async onTriaged(@Payload() message: ConsumedMessage) {
    const { eventId, payload } = decodeEvent(Topic.ContactTriaged, message.value);
    await this.counts.execute({ eventId, kind: 'triaged', payload });
  }
}
