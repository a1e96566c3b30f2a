import { Controller, Inject, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { faultPoint } from '@app/config';
import { decodeEvent, Topic } from '@app/contracts';
import { SlaTimers } from '@app/decisions';
import { ConsumedMessage, RethrowRpcFilter, signalOutboxWritten } from '@app/messaging';
import { TriageContactUseCase } from './triage-contact.usecase';

/**
 * Contacts triaged in one transaction: large enough that a backlog drains at thousands a second, small
 * enough that its advisory locks (three per contact, from Postgres's shared lock table) stay well within
 * the table with TRIAGE_CONCURRENCY batches at once.
 */
const TRIAGE_BATCH = 200;

/** Parses `contact.received.v1` events, triages them, then moves the SLA timers (after the commit). */
@Controller()
@UseFilters(RethrowRpcFilter)
export class TriageConsumer {
  constructor(
    private readonly triage: TriageContactUseCase,
    @Inject(SlaTimers) private readonly timers: SlaTimers,
  ) {}

  // Up to TRIAGE_BATCH messages of a partition's batch in offset order, in one transaction; the advisory
  // locks in the use case serialise contacts about one child across batches and partitions. A batch that
  // fails is handled again a message at a time (an invalid event is then dead-lettered alone).
  @EventPattern(Topic.ContactReceived, { batchSize: TRIAGE_BATCH })
  async onContactsReceived(@Payload() messages: ConsumedMessage[]) {
    const outcome = await this.triage.executeBatch(messages.map(parseEvent));
    faultPoint('triage.after-commit-before-offset');
    signalOutboxWritten();
    // If this fails the messages are retried; the inbox skips the triage and the timers are placed then. A
    // crash here leaves timers to the start-up rebuild from Postgres.
    if (outcome.timers.length) await this.timers.schedule(outcome.timers);
  }
}

function parseEvent(message: ConsumedMessage) {
  const { eventId, payload } = decodeEvent(Topic.ContactReceived, message.value);
  return { eventId, contactId: payload.contactId };
}
