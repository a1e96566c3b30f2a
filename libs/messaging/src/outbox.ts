import { createHash, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope, TopicPayloads } from '@app/contracts';
import { OutboxRepository } from './outbox.repository';

const outbox = new OutboxRepository();

export interface OutboxEntry<T extends keyof TopicPayloads> {
  topic: T;
  key: string | null;
  payload: TopicPayloads[T];
}

/** The namespace of event ids derived from what an event records (UUIDv5, RFC 9562). */
const EVENT_ID_NAMESPACE = Buffer.from('6f1c0a52c1d94e0f9a7b3d8e2c4b5a61', 'hex');

/**
 * A UUIDv5 from the parts an event records (for a decision: its contact, triage time and outcome), so the
 * same fact announced twice (a redelivery, a re-run after a crash) carries the same id and every
 * consumer's inbox takes it once; a different fact (a later or changed decision) gets a different id.
 */
export function derivedEventId(type: string, parts: readonly (string | number | boolean | null)[]): string {
  const hash = createHash('sha1')
    .update(EVENT_ID_NAMESPACE)
    .update(JSON.stringify([type, ...parts]))
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The envelope an outbox row carries: the event's own id (random unless given), type, time and payload. */
export function eventEnvelope<T extends keyof TopicPayloads>(
  topic: T,
  payload: TopicPayloads[T],
  now: Date = new Date(),
  eventId: string = randomUUID(),
): EventEnvelope<T, TopicPayloads[T]> {
  return { eventId, type: topic, occurredAt: now.toISOString(), payload };
}

/**
 * Writes events to the outbox inside the caller's transaction: the event exists if and only if the change
 * it announces was committed. The relay publishes them to Kafka in order.
 */
export async function enqueueEvents(
  manager: EntityManager,
  entries: OutboxEntry<keyof TopicPayloads>[],
  now: Date = new Date(),
): Promise<string[]> {
  if (!entries.length) return [];
  const envelopes = entries.map((e) => eventEnvelope(e.topic, e.payload, now));
  await outbox.append(
    manager,
    entries.map((e, i) => ({ topic: e.topic, key: e.key, envelope: envelopes[i] })),
  );
  const ids = envelopes.map((e) => e.eventId);
  return ids;
}
