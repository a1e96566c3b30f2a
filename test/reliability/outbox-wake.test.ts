import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Kafka } from 'kafkajs';
import { Pool } from 'pg';
import { loadConfig } from '@app/config';
import { Topic } from '@app/contracts';
import { createKafka, ensureTopics, eventEnvelope, OutboxRelay, TopicNames } from '@app/messaging';
import { isolateTestFile, TopicWatcher, waitFor } from '@app/testing';
import { isolateDatabase } from '../support/apps';

/**
 * One outbox relay publishes for every process (the leader). A writer in another process wakes it through
 * Redis after its commit, so an event does not wait for the leader's next poll. The poll here is a minute
 * long, so only the wake-up can publish within the test.
 */
describe('outbox relay: woken by writers in other processes', () => {
  const POLL_MS = 60_000;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let pool: Pool;
  let kafka: Kafka;
  let redis: Redis;
  let leader: OutboxRelay;
  let otherProcess: OutboxRelay;
  let watcher: TopicWatcher<{ eventId: string }>;
  let names: TopicNames;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    const config = loadConfig(process.env);
    pool = new Pool({ connectionString: db.url, max: 2 });
    kafka = createKafka(config, 'outbox-wake-test');
    names = TopicNames.from(config);
    await ensureTopics(kafka, names, config.KAFKA_PARTITIONS);
    redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
    const options = { redis, redisPrefix: config.REDIS_PREFIX, pollMs: POLL_MS };
    leader = new OutboxRelay(pool, db.url, kafka, names, options);
    leader.start();
    await waitFor('the first relay to lead', async () => leader.isLeader);
    // Its first pass on taking the lead publishes whatever is waiting: a row written before that pass is
    // published without a signal, so the tests start once it has settled into its poll.
    await waitFor('the leader to settle into its poll', async () => leader.isIdle);
    // Stands for the relay of another app's process: it cannot lead while the first holds the lock.
    otherProcess = new OutboxRelay(pool, db.url, kafka, names, options);
    otherProcess.start();
    watcher = await new TopicWatcher<{ eventId: string }>(kafka, names.topic(Topic.ContactReceived)).start();
  });
  afterAll(async () => {
    await watcher?.stop();
    await otherProcess?.stop();
    await leader?.stop();
    await redis?.quit();
    await pool?.end();
    await db?.drop();
  });

  const writeOutboxRow = async () => {
    const envelope = eventEnvelope(Topic.ContactReceived, {
      contactId: randomUUID(),
      receivedAt: new Date().toISOString(),
    });
    await pool.query(`INSERT INTO outbox (topic, message_key, payload) VALUES ($1, $2, $3::jsonb)`, [
      Topic.ContactReceived,
      randomUUID(),
      JSON.stringify(envelope),
    ]);
    return envelope.eventId;
  };
  const published = (eventId: string) => watcher.all().some((e) => e.eventId === eventId);

  it('an outbox row nobody signals waits for the poll', async () => {
    expect(leader.isLeader).toBe(true);
    expect(otherProcess.isLeader).toBe(false);
    const eventId = await writeOutboxRow();
    await new Promise((r) => setTimeout(r, 1500));
    expect(published(eventId)).toBe(false);
  });

  it("a writer's signal in another process wakes the leader, which publishes at once", async () => {
    const eventId = await writeOutboxRow();
    otherProcess.written();
    await waitFor('the signalled row to be published', async () => published(eventId), 10_000);
    // The leader published what had been waiting too, and emptied the outbox.
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM outbox');
    expect(rows[0].n).toBe(0);
  });
});
