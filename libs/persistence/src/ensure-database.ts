import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AppDatabaseLogin } from '@app/config';

// Bootstrap, not data access: these statements create the database and the login role before any app
// (or repository) can connect, on a server-wide connection of their own (issue 20 leaves them here).

/** Creates the database named in the URL if it does not exist (connecting to the `postgres` database). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Database name must be letters, digits and _ only`);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } catch (e) {
    // Two processes may race to create it; the loser's error is harmless.
    if ((e as { code?: string }).code !== '42P04' && (e as { code?: string }).code !== '23505') throw e;
  } finally {
    await client.end();
  }
}

/**
 * Creates the database if needed and runs every pending migration, as the schema's owner; then, given the
 * apps' generated login (managedAppLogin), keeps that login role (provisionAppLogin).
 */
export async function migrateDatabase(
  databaseUrl: string,
  appLogin: AppDatabaseLogin | null = null,
): Promise<string[]> {
  await ensureDatabase(databaseUrl);
  const { createDataSource } = await import('./data-source');
  const ds = createDataSource(databaseUrl);
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (appLogin) await provisionAppLogin(databaseUrl, appLogin);
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/**
 * The apps' login role: created if missing, given the installation's password and made a member of
 * `front_door_app` (whose grants, set by the migrations, are all it may do). Roles belong to the whole
 * server, so this runs on the `postgres` database under an advisory lock (two test runs or installations
 * migrating at once would otherwise fail with "tuple concurrently updated"). The password goes over as a
 * SCRAM verifier, never in clear, so a server logging DDL does not log it.
 */
export async function provisionAppLogin(ownerUrl: string, login: AppDatabaseLogin): Promise<void> {
  const url = new URL(ownerUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', ['front-door:app-login']);
    const role = client.escapeIdentifier(login.user);
    const [found] = (
      await client.query(
        'SELECT rolsuper, rolcreaterole, rolcreatedb, rolbypassrls FROM pg_roles WHERE rolname = $1',
        [login.user],
      )
    ).rows;
    if (!found) await client.query(`CREATE ROLE ${role} LOGIN`);
    else if (Object.values(found).some(Boolean))
      throw new Error(
        `The apps' database login ${login.user} has SUPERUSER, CREATEROLE, CREATEDB or BYPASSRLS: it must have none`,
      );
    await client.query(
      `ALTER ROLE ${role} LOGIN PASSWORD ${client.escapeLiteral(scramVerifier(login.password))}`,
    );
    await client.query(`GRANT front_door_app TO ${role}`);
  } finally {
    await client.end();
  }
}

/** The SCRAM-SHA-256 verifier Postgres stores for a password (RFC 5802/7677; the password is ASCII). */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest('base64');
  const serverKey = createHmac('sha256', salted).update('Server Key').digest('base64');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey}:${serverKey}`;
}
