import { randomBytes } from 'node:crypto';

/**
 * Gives the current test file its own Kafka topics, consumer groups and Redis prefix (the database is per
 * run, made by test/global-setup). Call before building any app in the file.
 */
export function isolateTestFile(): { prefix: string } {
  const id = randomBytes(4).toString('hex');
  process.env.KAFKA_TOPIC_PREFIX = `${process.env.TEST_RUN_PREFIX ?? 'test.'}${id}.`;
  process.env.REDIS_PREFIX = `${process.env.TEST_RUN_PREFIX ?? 'test.'}${id}`;
  process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'warn';
  return { prefix: process.env.KAFKA_TOPIC_PREFIX };
}
