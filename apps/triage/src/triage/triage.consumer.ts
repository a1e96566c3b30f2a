import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { ContactReceivedEvent, Topic } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter, SlaTimers } from '@app/messaging';
import { TriageContactUseCase } from './triage-contact.usecase';

/** Messages handled at once per partition (x TRIAGE_CONCURRENCY partitions: keep within the pool of 10). */
const TRIAGE_KEY_CONCURRENCY = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Parses `contact.received.v1`, triages, then moves the SLA timers (after the commit). */
@Controller()
@UseFilters(RethrowRpcFilter)
export class TriageConsumer {
  constructor(
    private readonly triage: TriageContactUseCase,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
  ) {}

  // Up to 3 messages of a partition's batch at once, never two with the same key (one child's contacts stay
  // in order); the advisory locks in matchChild serialise contacts about one child across keys and partitions.
  @EventPattern(Topic.ContactReceived, { keyConcurrency: TRIAGE_KEY_CONCURRENCY })
  async onContactReceived(@Payload() message: ConsumedMessage) {
    const event = message.value as Partial<ContactReceivedEvent>;
    if (
      typeof event?.eventId !== 'string' ||
      !event.eventId ||
      typeof event.payload?.contactId !== 'string' ||
      !UUID.test(event.payload.contactId)
    ) {
      throw new InvalidMessageError(
        'not a contact.received.v1 event (eventId and payload.contactId required)',
      );
    }
    const outcome = await this.triage.execute({ eventId: event.eventId, contactId: event.payload.contactId });
    // If this fails the message is retried; the inbox skips the triage and the timers are placed then. A crash
    // here leaves timers to the start-up rebuild from Postgres.
    if (outcome.timers.length) await this.timers.schedule(outcome.timers);
  }
}
