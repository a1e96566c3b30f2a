import { EntityManager } from 'typeorm';
import { InboxRepository } from './inbox.repository';

const inbox = new InboxRepository();

/**
 * Records that `consumer` processed `eventId`, in the caller's transaction. Returns false when it already
 * had: the caller then does nothing, so a redelivered event changes nothing.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  return inbox.claim(manager, consumer, eventId);
}
