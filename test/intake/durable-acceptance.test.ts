import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { StaffTokens } from '@app/auth';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { isolateDatabase, RunningApp, startIntake } from '../support/apps';
import { createTestPartner, postContact } from '../support/pipeline';

/**
 * 202 only after the commit; Postgres unreachable is a 503 with Retry-After and nothing half-written.
 * The database is this file's own, so closing it to connections touches no other test.
 */
describe('intake: durable acceptance when Postgres cannot be reached', () => {
  let intake: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let admin: Client;
  let key: string;
  let partnerId: string;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    intake = await startIntake();
    ({ key, partnerId } = await createTestPartner(intake, 'school'));
    // As the superuser, on the `postgres` database: it stays reachable while the test database is closed.
    const url = new URL(db.url);
    url.pathname = '/postgres';
    admin = new Client({ connectionString: url.toString() });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await admin?.end();
    await intake?.close();
    await db?.drop();
  });

  /** Closes the test database to new connections and ends every open one (the app's pool and relay). */
  async function cutDatabase() {
    await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    await admin.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [db.name],
    );
  }

  async function restoreDatabase() {
    await admin.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
  }

  /** Counts in the test database through a fresh connection (the app's may be broken). */
  async function stored(keys: string[]) {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      const { rows } = await c.query(
        `SELECT (SELECT count(*)::int FROM contacts WHERE partner_id = $1) AS contacts,
                (SELECT count(*)::int FROM contacts WHERE partner_id = $1 AND idempotency_key = ANY($2)) AS with_keys,
                (SELECT count(*)::int FROM outbox
                  WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id::text = outbox.payload->'payload'->>'contactId')) AS orphan_events`,
        [partnerId, keys],
      );
      return rows[0] as { contacts: number; with_keys: number; orphan_events: number };
    } finally {
      await c.end();
    }
  }

  const expect503 = async (res: Response) => {
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 503, title: 'Service unavailable' });
  };

  it('answers 503 with Retry-After while the database is unreachable, records nothing, and 202 once it is back', async () => {
    const ok1 = await postContact(
      intake,
      key,
      contactBody({ child: { nhsNumber: nhsNumberFor(3001) } }),
      'before',
    );
    expect(ok1.status).toBe(202);

    await cutDatabase();
    try {
      // The partner key lookup in the guard is the first thing to need Postgres: 503, not 500.
      await expect503(
        await postContact(intake, key, contactBody({ child: { nhsNumber: nhsNumberFor(3002) } }), 'during-1'),
      );
      await expect503(
        await postContact(intake, key, contactBody({ child: { nhsNumber: nhsNumberFor(3003) } }), 'during-2'),
      );
      // A staff read is authenticated without Postgres (a signed token): the read itself fails, also 503.
      const staff = intake.app
        .get(StaffTokens)
        .issue({ id: randomUUID(), username: 'duty', role: 'duty_worker' });
      await expect503(
        await fetch(`${intake.url}/v1/contacts/${randomUUID()}`, {
          headers: { authorization: `Bearer ${staff}` },
        }),
      );
    } finally {
      await restoreDatabase();
    }

    // The pool reconnects by itself: the partner retries as Retry-After told it to.
    const retried = await waitFor(
      'the partner API to accept again',
      async () => {
        const res = await postContact(
          intake,
          key,
          contactBody({ child: { nhsNumber: nhsNumberFor(3002) } }),
          'during-1',
        );
        return res.status === 202 ? res : null;
      },
      30_000,
      250,
    );
    expect(((await retried.json()) as any).status).toBe('received');

    expect(await stored(['before', 'during-1', 'during-2'])).toEqual({
      contacts: 2,
      with_keys: 2,
      orphan_events: 0,
    });
  });

  it('a write cut off after authentication, inside its transaction, leaves nothing behind (503)', async () => {
    const before = await stored([]);
    // Hold the contacts table so the app's INSERT waits inside its transaction, then kill the connection.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    await holder.query('BEGIN');
    await holder.query('LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE');
    const pending = postContact(
      intake,
      key,
      contactBody({ child: { nhsNumber: nhsNumberFor(3004) } }),
      'mid-write',
    );
    const appPid = await waitFor('the app to wait on the lock', async () => {
      const { rows } = await admin.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock' AND query ILIKE '%INSERT INTO contacts%'`,
        [db.name],
      );
      return rows[0]?.pid as number | undefined;
    });
    await admin.query('SELECT pg_terminate_backend($1)', [appPid]);
    await expect503(await pending);
    await holder.query('ROLLBACK');
    await holder.end();

    expect(await stored(['mid-write'])).toEqual({
      contacts: before.contacts,
      with_keys: 0,
      orphan_events: 0,
    });

    const again = await postContact(
      intake,
      key,
      contactBody({ child: { nhsNumber: nhsNumberFor(3004) } }),
      'mid-write',
    );
    expect(again.status).toBe(202);
    expect(await stored(['mid-write'])).toEqual({
      contacts: before.contacts + 1,
      with_keys: 1,
      orphan_events: 0,
    });
  });
});
