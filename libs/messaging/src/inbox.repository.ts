import { EntityManager } from 'typeorm';

/** The inbox table: which consumer has processed which event. Stateless: runs in the caller's transaction. */
export class InboxRepository {
  /** Records that `consumer` processed `eventId`; false when it already had. */
  async claim(m: EntityManager, consumer: string, eventId: string): Promise<boolean> {
    const rows: { event_id: string }[] = await m.query(
      'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [consumer, eventId],
    );
    return rows.length === 1;
  }
}
