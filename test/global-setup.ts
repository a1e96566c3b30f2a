import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { INSTALLATION_SECRETS, loadConfig, managedAppLogin } from '@app/config';
import { migrateDatabase } from '@app/persistence';
import { requirePostgresAndRedis, startKafka } from '@app/testing';
import { ensureDeskWebBuilt } from './support/desk-web';

/**
 * Before integration and end-to-end suites: the real Kafka broker (started if it is not running),
 * Postgres and Redis answering, and a database of this run's own, migrated. Each test file then takes its
 * own topic and Redis prefix (isolateTestFile).
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  // This run's own secrets (the apps would otherwise generate and keep the installation's, in a state dir).
  for (const name of INSTALLATION_SECRETS) process.env[name] = randomBytes(32).toString('base64url');
  // ...and its own state directory (the audit checkpoints), not the user's installation.
  process.env.FRONT_DOOR_STATE_DIR ??= mkdtempSync(path.join(tmpdir(), 'front-door-test-state-'));
  // ...and a directory for the apps' logs, a file per test file, shown only for a file that fails.
  process.env.TEST_LOG_DIR ??= mkdtempSync(path.join(tmpdir(), 'front-door-test-logs-'));
  const base = loadConfig({ ...process.env, NODE_ENV: 'test' });
  await requirePostgresAndRedis(base.DATABASE_URL, base.REDIS_URL);
  startKafka();
  // Built once, before the workers start: two browser test files building at once would empty each other's
  // bundle directory under a loading page.
  ensureDeskWebBuilt();
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(base.DATABASE_URL);
  url.pathname = `/front_door_test_${run}`;
  process.env.DATABASE_URL = url.toString();
  // Each test file copies this migrated database as its own (isolateTestFile).
  process.env.TEST_TEMPLATE_DATABASE_URL = url.toString();
  process.env.TEST_RUN_PREFIX = `test.${run}.`;
  process.env.NODE_ENV = 'test';
  // As the owner; then the apps' least-privilege login (the apps under test connect as it, never the owner).
  await migrateDatabase(process.env.DATABASE_URL, managedAppLogin(loadConfig(process.env)));
}
