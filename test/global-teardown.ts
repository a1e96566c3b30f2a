import { rmSync } from 'node:fs';
import { Client } from 'pg';
import { Kafka, logLevel } from 'kafkajs';

/** Drops this run's database and topics, so runs leave nothing behind. */
export default async function globalTeardown(): Promise<void> {
  // The apps' logs were shown for any file that failed (test/support/failed-test-logs.js); TEST_KEEP_LOGS keeps them.
  const logDir = process.env.TEST_LOG_DIR;
  if (logDir?.includes('front-door-test-logs-') && !process.env.TEST_KEEP_LOGS)
    rmSync(logDir, { recursive: true, force: true });
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  if (name.startsWith('front_door_test_')) {
    url.pathname = '/postgres';
    const client = new Client({ connectionString: url.toString() });
    await client.connect();
    // The run's database and every test file's copy of it.
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${name}%`,
    ]);
    for (const row of rows)
      await client.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`).catch(() => undefined);
    await client.end();
  }
  const prefix = process.env.TEST_RUN_PREFIX;
  if (prefix) {
    const kafka = new Kafka({
      brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
    await admin.disconnect();
  }
}
