/**
 * A message that can never be processed as it is (malformed, or failing validation). It goes to the
 * dead-letter topic at once: retrying it would only hold up its partition.
 */
export class InvalidMessageError extends Error {
  readonly invalidMessage = true;
}

export function isInvalidMessage(e: unknown): boolean {
  return !!e && typeof e === 'object' && (e as { invalidMessage?: boolean }).invalidMessage === true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The event id and the id of the record an event is about (`payload[field]`, a UUID): what most consumers
 * need of an event, the rest being in Postgres. Anything else is an InvalidMessageError, dead-lettered.
 */
export function eventAbout(
  value: unknown,
  field: string,
  eventName: string,
): { eventId: string; id: string } {
  const event = value as { eventId?: unknown; payload?: Record<string, unknown> } | null;
  const id = event?.payload?.[field];
  if (typeof event?.eventId !== 'string' || !event.eventId || typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidMessageError(`not a valid ${eventName} event (eventId and payload.${field} required)`);
  }
  return { eventId: event.eventId, id };
}
