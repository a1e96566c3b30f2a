import { EventEnvelope, TopicPayloads } from './events';
import { Topic, TopicName } from './topics';
import { isUuid } from './uuid';

/**
 * A message that can never be processed as it is (malformed, or failing validation). The Kafka transport
 * sends it to the dead-letter topic at once: retrying it would only hold up its partition.
 */
export class InvalidMessageError extends Error {
  readonly invalidMessage = true;
}

type Check = (value: unknown) => boolean;

const uuid: Check = isUuid;
const needLevel: Check = (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 4;
const vocabulary: Check = (v) => typeof v === 'string' && /^[A-Z_]+$/.test(v);
const isoTime: Check = (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v);

/**
 * What each topic's consumers rely on, field by field (the rest of a payload is read from Postgres, or
 * passed through as it is). One table, so every consumer of a topic accepts and refuses the same events.
 */
const PAYLOAD_CHECKS: { [T in TopicName]: Partial<Record<keyof TopicPayloads[T], Check>> } = {
  [Topic.ContactReceived]: { contactId: uuid },
  [Topic.ContactTriaged]: {
    contactId: uuid,
    childId: uuid,
    needLevel,
    route: vocabulary,
    triagedAt: isoTime,
  },
  [Topic.PlacementRequested]: { placementRequestId: uuid, childId: uuid },
  [Topic.PlacementGatekept]: { placementRequestId: uuid },
  [Topic.AlertRaised]: { alertId: uuid },
  [Topic.PartnerFeedback]: { feedbackId: uuid },
};

/**
 * The typed event a topic's message holds, or an InvalidMessageError naming every field at fault (never
 * their values: they may be about a child). Consumers call this first and nothing else reads the raw value.
 */
export function decodeEvent<T extends TopicName>(
  topic: T,
  value: unknown,
): EventEnvelope<T, TopicPayloads[T]> {
  const event = value as { eventId?: unknown; payload?: unknown } | null;
  const faults: string[] = [];
  if (typeof event?.eventId !== 'string' || !event.eventId) faults.push('eventId');
  const payload = event?.payload;
  if (!payload || typeof payload !== 'object') faults.push('payload');
  else
    for (const [field, check] of Object.entries(PAYLOAD_CHECKS[topic]) as [string, Check][])
      if (!check((payload as Record<string, unknown>)[field])) faults.push(`payload.${field}`);
  if (faults.length) throw new InvalidMessageError(`not a valid ${topic} event (${faults.join(', ')})`);
  return value as EventEnvelope<T, TopicPayloads[T]>;
}
