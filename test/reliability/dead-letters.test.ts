import { Controller, INestMicroservice, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Kafka, Producer } from 'kafkajs';
import { loadConfig } from '@app/config';
import { deadLetterTopic, Topic } from '@app/contracts';
import {
  ConsumedMessage,
  createKafka,
  deadLetterDepths,
  ensureTopics,
  InvalidMessageError,
  KafkaConsumerServer,
  replayDeadLetters,
  RethrowRpcFilter,
  TopicNames,
} from '@app/messaging';
import { isolateTestFile, TopicWatcher, waitFor } from '@app/testing';

/** A consumer whose behaviour per message the test scripts: fail transiently N times, or reject as invalid. */
const attempts = new Map<string, number>();
const handled: string[] = [];
let rejectInvalid = true;

@Controller()
@UseFilters(RethrowRpcFilter)
class ScriptedConsumer {
  @EventPattern(Topic.PlacementGatekept)
  async handle(@Payload() message: ConsumedMessage<{ id: string; failTimes?: number; invalid?: boolean }>) {
    const { id, failTimes = 0, invalid } = message.value;
    const n = (attempts.get(id) ?? 0) + 1;
    attempts.set(id, n);
    if (invalid && rejectInvalid) throw new InvalidMessageError(`message ${id} is invalid`);
    if (n <= failTimes) throw new Error(`transient failure ${n} of ${id}`);
    handled.push(id);
  }
}

@Module({ controllers: [ScriptedConsumer] })
class ScriptedModule {}

describe('dead letters: invalid messages at once, transient ones after 3 attempts, replay after a fix', () => {
  let kafka: Kafka;
  let names: TopicNames;
  let producer: Producer;
  let app: INestMicroservice;
  let dlqWatcher: TopicWatcher;

  beforeAll(async () => {
    isolateTestFile();
    const config = loadConfig();
    kafka = createKafka(config, 'dead-letter-test');
    names = TopicNames.from(config);
    await ensureTopics(kafka, names, 3);
    producer = kafka.producer();
    await producer.connect();
    app = await NestFactory.createMicroservice(ScriptedModule, {
      strategy: new KafkaConsumerServer({ kafka, names, groupId: 'front-door.scripted', maxAttempts: 3 }),
      logger: ['error'],
    });
    await app.listen();
    dlqWatcher = await new TopicWatcher(kafka, names.topic(deadLetterTopic(Topic.PlacementGatekept))).start();
  });

  afterAll(async () => {
    await dlqWatcher?.stop();
    await app?.close();
    await producer?.disconnect();
  });

  const send = (value: object | string, key = 'k') =>
    producer.send({
      topic: names.topic(Topic.PlacementGatekept),
      messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
    });

  it('dead-letters a malformed message at once with its origin and error in headers, and moves on', async () => {
    const started = Date.now();
    await send('{not json', 'same-key');
    await send({ id: 'after-poison' }, 'same-key');
    await waitFor('the message after the poison to be handled', async () => handled.includes('after-poison'));
    await dlqWatcher.next((e: { raw?: string }) => e.raw === '{not json', 10000);
    expect(Date.now() - started).toBeLessThan(5000);
    const index = dlqWatcher.all().findIndex((e: { raw?: string }) => e.raw === '{not json');
    expect(dlqWatcher.headers[index]).toMatchObject({
      'dlq-original-topic': names.topic(Topic.PlacementGatekept),
      'dlq-error': 'message is not JSON',
      'dlq-error-kind': 'invalid',
      'dlq-attempts': '1',
    });
  });

  it('retries a transient failure and succeeds within 3 attempts; dead-letters after 3 with headers', async () => {
    const headersOf = async (id: string) => {
      const consumer = kafka.consumer({ groupId: `inspect-${id}-${Date.now()}` });
      await consumer.connect();
      await consumer.subscribe({
        topic: names.topic(deadLetterTopic(Topic.PlacementGatekept)),
        fromBeginning: true,
      });
      const found = await new Promise<Record<string, string>>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            if (message.value?.toString().includes(id)) {
              resolve(
                Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])),
              );
            }
          },
        });
      });
      await consumer.disconnect();
      return found;
    };

    const started = Date.now();
    await send({ id: 'flaky-twice', failTimes: 2 });
    await send({ id: 'always-fails', failTimes: 99 });
    await waitFor('flaky-twice handled', async () => handled.includes('flaky-twice'));
    expect(attempts.get('flaky-twice')).toBe(3);
    const headers = await headersOf('always-fails');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(attempts.get('always-fails')).toBe(3);
    expect(headers).toMatchObject({
      'dlq-original-topic': names.topic(Topic.PlacementGatekept),
      'dlq-original-partition': expect.stringMatching(/^\d+$/),
      'dlq-original-offset': expect.stringMatching(/^\d+$/),
      'dlq-error': 'transient failure 3 of always-fails',
      'dlq-error-kind': 'transient',
      'dlq-attempts': '3',
    });
    const invalidStarted = Date.now();
    await send({ id: 'invalid-one', invalid: true });
    const invalidHeaders = await headersOf('invalid-one');
    expect(Date.now() - invalidStarted).toBeLessThan(5000);
    expect(attempts.get('invalid-one')).toBe(1);
    expect(invalidHeaders).toMatchObject({ 'dlq-error-kind': 'invalid', 'dlq-attempts': '1' });
  });

  it('replays the dead letters after a fix once each; what is still broken waits in the depth', async () => {
    const before = (await deadLetterDepths(kafka, names)).find((d) => d.topic === Topic.PlacementGatekept)!;
    expect(before.waiting).toBeGreaterThanOrEqual(3);
    rejectInvalid = false; // "the fix is deployed"
    const replayed = await replayDeadLetters(kafka, names, Topic.PlacementGatekept);
    expect(replayed).toBe(before.waiting);
    await waitFor('the replayed invalid message to be handled', async () => handled.includes('invalid-one'));
    // always-fails and the non-JSON message are still broken: each is dead-lettered again (once), and waits
    // for the next replay instead of looping.
    await waitFor('always-fails to fail again', async () => attempts.get('always-fails') === 6);
    const after = await waitFor('the depth to settle', async () => {
      const d = (await deadLetterDepths(kafka, names)).find((x) => x.topic === Topic.PlacementGatekept)!;
      return d.waiting === 2 ? d : null;
    });
    expect(after.waiting).toBe(2);
  });
});
