import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
// Shared with the jest reporter (test/support/failed-test-logs.js), which is plain JS.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { testLogFile } = require('./test-log-file') as {
  testLogFile(dir: string, rootDir: string, testPath: string): string;
};

const ROOT = path.resolve(__dirname, '../../..');

/**
 * Gives the current test file its own database (a copy of the run's migrated one: CREATE DATABASE ...
 * TEMPLATE, a fraction of a second), Kafka topics, consumer groups and Redis prefix, so files running in
 * parallel never see each other's rows, events or jobs. (One database per file matters: the outbox relay
 * elects one leader per database and publishes with its own topic prefix.) Call before building any app.
 */
export function isolateTestFile(): { prefix: string; databaseUrl: string } {
  const id = randomBytes(4).toString('hex');
  const runPrefix = process.env.TEST_RUN_PREFIX ?? 'test.';
  process.env.KAFKA_TOPIC_PREFIX = `${runPrefix}${id}.`;
  process.env.REDIS_PREFIX = `${runPrefix}${id}`;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
  // Quiet unless a test fails: the apps this file starts log to a file of its own, which the run's reporter
  // prints only for a file that failed (TEST_LOGS=stdout prints them as they come).
  const logDir = process.env.TEST_LOG_DIR;
  const testPath = (globalThis as { expect?: { getState(): { testPath?: string } } }).expect?.getState()
    .testPath;
  if (logDir && testPath && process.env.TEST_LOGS !== 'stdout')
    process.env.LOG_FILE = testLogFile(logDir, ROOT, testPath);
  const template = process.env.TEST_TEMPLATE_DATABASE_URL;
  if (template) {
    const url = new URL(template);
    const source = url.pathname.slice(1);
    const name = `${source}_${id}`;
    url.pathname = '/postgres';
    for (let attempt = 1; ; attempt++) {
      try {
        execFileSync('psql', [url.toString(), '-qc', `CREATE DATABASE "${name}" TEMPLATE "${source}"`], {
          stdio: 'pipe',
        });
        break;
      } catch (e) {
        // Two files copying the template at the same instant: one waits for the other.
        if (attempt >= 20) throw e;
        execFileSync('sleep', ['0.2']);
      }
    }
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
  }
  return { prefix: process.env.KAFKA_TOPIC_PREFIX, databaseUrl: process.env.DATABASE_URL ?? '' };
}
