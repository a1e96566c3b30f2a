import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactReceivedEvent, ContactTriagedEvent, Topic } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { RecordCountsUseCase } from './record-counts.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T/;

/** Parses contact events and keeps the insight counts from them. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class CountsConsumer {
  constructor(private readonly counts: RecordCountsUseCase) {}

  @EventPattern(Topic.ContactReceived)
  async onReceived(@Payload() message: ConsumedMessage) {
    const e = message.value as Partial<ContactReceivedEvent>;
    if (typeof e?.eventId !== 'string' || !e.eventId || !UUID.test(String(e.payload?.contactId))) {
      throw new InvalidMessageError(
        'not a contact.received.v1 event (eventId and payload.contactId required)',
      );
    }
    await this.counts.execute({ eventId: e.eventId, kind: 'received', contactId: e.payload!.contactId });
  }

  @EventPattern(Topic.ContactTriaged)
  async onTriaged(@Payload() message: ConsumedMessage) {
    const e = message.value as Partial<ContactTriagedEvent>;
    const p = e?.payload;
    if (
      typeof e?.eventId !== 'string' ||
      !e.eventId ||
      !p ||
      !UUID.test(String(p.contactId)) ||
      !UUID.test(String(p.childId)) ||
      !Number.isInteger(p.needLevel) ||
      p.needLevel < 1 ||
      p.needLevel > 4 ||
      typeof p.route !== 'string' ||
      !/^[A-Z_]+$/.test(p.route) ||
      !ISO.test(String(p.triagedAt))
    ) {
      throw new InvalidMessageError(
        'not a contact.triaged.v1 event (eventId, contactId, childId, needLevel, route, triagedAt required)',
      );
    }
    await this.counts.execute({ eventId: e.eventId, kind: 'triaged', payload: p });
  }
}
