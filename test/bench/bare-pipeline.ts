/**
 * The end-to-end ceiling (issue 21): the same hops as intake -> triage with no logic, in two OS processes
 * like the apps, printing `READY <port>`:
 *  - `front`: node:http; each POST is one INSERT committed to Postgres, answered 202 with an id, then
 *    produced to `<prefix>bare.in` (acks: all), as intake commits and the relay publishes;
 *  - `back`: a kafkajs consumer of `bare.in` (6 partitions at once, as triage) that commits one INSERT per
 *    message and produces `{ contactId, triggeredBy }` to `<prefix>bare.out`, which the bench watches.
 * Environment: DATABASE_URL (a table bare_pipeline is created), KAFKA_BROKERS, KAFKA_TOPIC_PREFIX.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { Kafka, logLevel } from 'kafkajs';
import { Pool } from 'pg';

const prefix = process.env.KAFKA_TOPIC_PREFIX ?? 'bench.';
const IN = `${prefix}bare.in`;
const OUT = `${prefix}bare.out`;

async function main(): Promise<void> {
  const mode = process.argv[2];
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 8 });
  const kafka = new Kafka({
    clientId: `bare-${mode}`,
    brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
    logLevel: logLevel.NOTHING,
  });
  // Requests in flight at once (kafkajs's default): one at a time would make the ceiling a queue of produce
  // round trips, slower than the relay it stands for, which batches.
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  if (mode === 'front') {
    await pool.query(
      'CREATE TABLE IF NOT EXISTS bare_pipeline (id uuid PRIMARY KEY, hop text NOT NULL, body jsonb NOT NULL)',
    );
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [IN, OUT].map((topic) => ({ topic, numPartitions: 6, replicationFactor: -1 })),
      waitForLeaders: true,
    });
    await admin.disconnect();
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = randomUUID();
        pool
          .query('INSERT INTO bare_pipeline (id, hop, body) VALUES ($1, $2, $3)', [
            id,
            'in',
            Buffer.concat(chunks).toString() || '{}',
          ])
          .then(() => {
            res.writeHead(202, { 'content-type': 'application/json' });
            res.end(`{"id":"${id}","status":"received"}`);
            return producer.send({ topic: IN, acks: -1, messages: [{ key: id, value: id }] });
          })
          .catch(() => {
            if (!res.headersSent) res.writeHead(500).end();
          });
      });
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as { port: number }).port}`));
    return;
  }
  const consumer = kafka.consumer({ groupId: `${prefix}bare-back`, maxWaitTimeInMs: 50 });
  await consumer.connect();
  await consumer.subscribe({ topic: IN, fromBeginning: true });
  let ready = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    if (!ready) console.log('READY 0');
    ready = true;
  });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachMessage: async ({ message }) => {
      const id = message.value!.toString();
      await pool.query('INSERT INTO bare_pipeline (id, hop, body) VALUES ($1, $2, $3)', [
        randomUUID(),
        'out',
        '{}',
      ]);
      await producer.send({
        topic: OUT,
        acks: -1,
        messages: [{ key: id, value: JSON.stringify({ payload: { contactId: id, triggeredBy: id } }) }],
      });
    },
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
