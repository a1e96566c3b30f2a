import type { Pool } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/** An outbox row to write: the topic, the Kafka key and the event's envelope. */
export interface OutboxRowToWrite {
  topic: string;
  key: string | null;
  envelope: unknown;
}

/** An outbox row as the relay publishes it. */
export interface OutboxRow {
  id: string;
  topic: string;
  message_key: string | null;
  payload: { eventId: string; type: string };
}

/**
 * The outbox table: written in the writer's transaction (the event exists if and only if its change
 * committed), read and emptied by the relay on its own pool (a relay publishes outside any request's
 * transaction). Stateless.
 */
export class OutboxRepository {
  /** Writes the rows in one statement, in the caller's transaction, in the order given. */
  async append(m: EntityManager, rows: OutboxRowToWrite[]): Promise<void> {
    const values: unknown[] = [];
    const tuples = rows.map((r, i) => {
      values.push(r.topic, r.key, JSON.stringify(r.envelope));
      return `($${i * 3 + 1}, $${i * 3 + 2}, $${i * 3 + 3}::jsonb)`;
    });
    await m.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ${tuples.join(', ')}`, values);
  }

  /** The oldest rows, in commit order. */
  async oldest(pool: Pool, limit: number): Promise<OutboxRow[]> {
    const { rows } = await pool.query<OutboxRow>(
      'SELECT id, topic, message_key, payload FROM outbox ORDER BY id LIMIT $1',
      [limit],
    );
    return rows;
  }

  /** Removes published rows. */
  async remove(pool: Pool, ids: string[]): Promise<void> {
    await pool.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [ids]);
  }

  /** How many events wait to be published, and the age of the oldest in seconds (0 when none). */
  async lag(ds: DataSource): Promise<{ n: number; age: number }> {
    const [row]: { n: number; age: number }[] = await ds.query(
      `SELECT count(*)::int AS n, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age FROM outbox`,
    );
    return row;
  }
}
