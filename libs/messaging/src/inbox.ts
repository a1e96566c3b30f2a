import { EntityManager } from 'typeorm';

/**
 * Records that `consumer` processed `eventId`, in the caller's transaction. Returns false when it already
 * had: the caller then does nothing, so a redelivered event changes nothing.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
    [consumer, eventId],
  );
  return rows.length === 1;
}
