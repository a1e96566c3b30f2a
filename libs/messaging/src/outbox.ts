import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { EventEnvelope, TopicPayloads } from '@app/contracts';

export interface OutboxEntry<T extends keyof TopicPayloads> {
  topic: T;
  key: string | null;
  payload: TopicPayloads[T];
}

/** The envelope an outbox row carries: the event's own id, type, time and payload. */
export function eventEnvelope<T extends keyof TopicPayloads>(
  topic: T,
  payload: TopicPayloads[T],
  now: Date = new Date(),
): EventEnvelope<T, TopicPayloads[T]> {
  return { eventId: randomUUID(), type: topic, occurredAt: now.toISOString(), payload };
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
  const ids: string[] = [];
  const values: unknown[] = [];
  const rows = entries.map((e, i) => {
    const envelope = eventEnvelope(e.topic, e.payload, now);
    ids.push(envelope.eventId);
    values.push(e.topic, e.key, JSON.stringify(envelope));
    return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::jsonb)`;
  });
  await manager.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ${rows.join(', ')}`, values);
  return ids;
}
