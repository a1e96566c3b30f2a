import { INestApplication, Logger } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import { Counter } from 'prom-client';
import { lastValueFrom, isObservable } from 'rxjs';
import { deadLetterTopic } from '@app/contracts';
import { isDatabaseUnavailable } from '@app/http';
import { isInvalidMessage, InvalidMessageError } from './errors';
import { TopicNames } from './kafka-settings';
import { KAFKA } from './tokens';

export interface KafkaConsumerOptions {
  kafka: Kafka;
  names: TopicNames;
  groupId: string;
  /** Partitions worked at once by this instance (per-child order is kept by the handler's own locks). */
  partitionsConsumedConcurrently?: number;
  /** Attempts for a transient failure before the message is dead-lettered. */
  maxAttempts?: number;
}

/** What a handler receives: the parsed value and where it came from. */
export interface ConsumedMessage<T = unknown> {
  value: T;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
}

/** Options a handler gives in `@EventPattern(topic, options)`. */
export interface HandlerOptions {
  /** The handler takes an array of up to this many messages (see handleBatchInChunks). */
  batchSize?: number;
}

const BACKOFF_MS = [200, 800];

/** Messages handled by outcome; dead-lettered ones are the dead-letter depth's inflow. */
const messagesCounter = new Counter({
  name: 'front_door_kafka_messages_total',
  help: 'Kafka messages by topic and outcome (handled, retried, dead_lettered)',
  labelNames: ['topic', 'outcome'],
});

/**
 * A Nest microservice transport on kafkajs that handlers bind to with `@EventPattern(topic)`.
 * Why not the built-in Kafka transport: it cannot dead-letter, and we need offsets committed only after a
 * handler's transaction, with invalid messages sent to `<topic>.dlq` at once and transient failures retried
 * at most `maxAttempts` times (under 5 s in all) before the same, so a poison message never holds a
 * partition.
 */
export class KafkaConsumerServer extends Server implements CustomTransportStrategy {
  protected readonly logger = new Logger(KafkaConsumerServer.name);
  private consumer: Consumer | null = null;
  private dlqProducer: Producer | null = null;
  private stopping = false;

  constructor(private readonly options: KafkaConsumerOptions) {
    super();
  }

  on(): void {
    // kafkajs events are handled internally; nothing to expose.
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      await this.start();
      callback();
    } catch (e) {
      callback(e);
    }
  }

  private async start(): Promise<void> {
    const { kafka, names, groupId } = this.options;
    const topics = [...this.messageHandlers.keys()];
    if (!topics.length) throw new Error(`Consumer group ${groupId} has no @EventPattern handlers`);
    this.dlqProducer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({
      groupId: names.group(groupId),
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10000,
      maxWaitTimeInMs: 50,
      allowAutoTopicCreation: false,
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: topics.map((t) => names.topic(t)), fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
      eachBatch: (payload) => this.handleBatch(payload),
    });
  }

  private async handleBatch(payload: EachBatchPayload) {
    const { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary } = payload;
    const topic = this.options.names.strip(batch.topic);
    const extras = this.handlerOptions(topic);
    if (extras.batchSize) return this.handleBatchInChunks(payload, extras.batchSize);
    // One heartbeat timer for the whole batch, not one per message: a slow message still keeps the member
    // in the group, without a timer started and cleared around every message of a busy topic.
    const alive = keepAlive(heartbeat);
    try {
      for (const message of batch.messages) {
        if (!isRunning() || isStale() || this.stopping) break;
        await this.handleMessage(topic, batch.topic, batch.partition, message);
        resolveOffset(message.offset);
        // Commit after each handled message: its effect is already committed in Postgres.
        await commitOffsetsIfNecessary({
          topics: [
            {
              topic: batch.topic,
              partitions: [{ partition: batch.partition, offset: (BigInt(message.offset) + 1n).toString() }],
            },
          ],
        });
        await heartbeat();
      }
    } finally {
      clearInterval(alive);
    }
  }

  private handlerOptions(topic: string): HandlerOptions {
    return (this.messageHandlers.get(topic)?.extras ?? {}) as HandlerOptions;
  }

  /**
   * For a handler that opts in with `@EventPattern(topic, { batchSize: n })`: it is given the batch's
   * messages n at a time, in offset order, as an array (one transaction for many messages), and the offsets
   * are committed after each chunk. If a chunk fails for any reason but the database being away, its
   * messages are handled one at a time (each as an array of one) with the usual retries and dead-lettering,
   * so one bad message costs its neighbours nothing but the retry.
   */
  private async handleBatchInChunks(
    { batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload,
    size: number,
  ) {
    const topic = this.options.names.strip(batch.topic);
    const handler = this.messageHandlers.get(topic)!;
    for (let start = 0; start < batch.messages.length; start += size) {
      if (!isRunning() || isStale() || this.stopping) break;
      const chunk = batch.messages.slice(start, start + size);
      // A chunk can take longer than the session (a slow machine, the database away): heartbeats go on
      // meanwhile, or the group would drop this member, hand its partitions to another that handles the
      // same chunk (waiting on this one's locks), and so on.
      const alive = keepAlive(heartbeat);
      try {
        await this.handleChunk(topic, batch.topic, batch.partition, chunk, handler);
      } finally {
        clearInterval(alive);
      }
      const last = chunk[chunk.length - 1].offset;
      resolveOffset(last);
      await commitOffsetsIfNecessary({
        topics: [
          {
            topic: batch.topic,
            partitions: [{ partition: batch.partition, offset: (BigInt(last) + 1n).toString() }],
          },
        ],
      });
      await heartbeat();
    }
  }

  /** A chunk's handling: retried while the database is away, else one message at a time. */
  private async handleChunk(
    topic: string,
    physicalTopic: string,
    partition: number,
    chunk: KafkaMessage[],
    handler: MessageHandler,
  ): Promise<void> {
    for (;;) {
      try {
        const consumed = chunk.map((m) => this.consumed(topic, partition, m));
        await this.run(handler, consumed);
        messagesCounter.inc({ topic, outcome: 'handled' }, chunk.length);
        break;
      } catch (e) {
        if (isDatabaseUnavailable(e) && !this.stopping) {
          this.logger.warn(`${topic}[${partition}] waiting for the database: ${(e as Error).message}`);
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (this.stopping) throw e;
        if (chunk.length > 1)
          this.logger.warn(
            `${topic}[${partition}]@${chunk[0].offset} batch of ${chunk.length} failed, handling one at a time: ${(e as Error).message}`,
          );
        for (const message of chunk) await this.handleMessage(topic, physicalTopic, partition, message);
        break;
      }
    }
  }

  private consumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
    return {
      value: parseValue(message),
      topic,
      partition,
      offset: message.offset,
      key: message.key?.toString() ?? null,
      headers: decodeHeaders(message.headers),
    };
  }

  /** Calls a handler and waits for what it returns (a promise or an observable). */
  private async run(handler: MessageHandler, value: unknown): Promise<void> {
    const stream = this.transformToObservable(await handler(value));
    if (isObservable(stream)) await lastValueFrom(stream, { defaultValue: undefined });
  }

  private async handleMessage(
    topic: string,
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
  ) {
    const handler = this.messageHandlers.get(topic)!;
    const batched = !!this.handlerOptions(topic).batchSize;
    const maxAttempts = this.options.maxAttempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        const consumed = this.consumed(topic, partition, message);
        // A batch handler is given the message as a batch of one.
        await this.run(handler, batched ? [consumed] : consumed);
        messagesCounter.inc({ topic, outcome: 'handled' });
        return;
      } catch (e) {
        // Postgres being away is not the message's fault: wait for it (holding this partition, which cannot
        // progress anyway) rather than spending attempts and dead-lettering good contacts.
        if (isDatabaseUnavailable(e) && !this.stopping) {
          this.logger.warn(
            `${topic}[${partition}]@${message.offset} waiting for the database: ${(e as Error).message}`,
          );
          attempt--;
          await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (this.stopping) throw e; // leave it uncommitted: the next owner of the partition takes it
        const invalid = isInvalidMessage(e);
        if (invalid || attempt >= maxAttempts) {
          await this.deadLetter(topic, physicalTopic, partition, message, e as Error, attempt);
          messagesCounter.inc({ topic, outcome: 'dead_lettered' });
          return;
        }
        messagesCounter.inc({ topic, outcome: 'retried' });
        this.logger.warn(
          `${topic}[${partition}]@${message.offset} failed (attempt ${attempt}): ${(e as Error).message}`,
        );
        await new Promise((r) => setTimeout(r, BACKOFF_MS[attempt - 1] ?? 1000));
      }
    }
  }

  private async deadLetter(
    topic: string,
    physicalTopic: string,
    partition: number,
    message: KafkaMessage,
    error: Error,
    attempts: number,
  ) {
    this.logger.error(
      `${topic}[${partition}]@${message.offset} dead-lettered after ${attempts} attempt(s): ${error.message}`,
    );
    await this.dlqProducer!.send({
      topic: this.options.names.topic(deadLetterTopic(topic)),
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            'dlq-original-topic': physicalTopic,
            'dlq-original-partition': String(partition),
            'dlq-original-offset': message.offset,
            'dlq-error': error.message.slice(0, 1000),
            'dlq-error-kind': isInvalidMessage(error) ? 'invalid' : 'transient',
            'dlq-attempts': String(attempts),
            'dlq-consumer-group': this.options.groupId,
            'dlq-failed-at': new Date().toISOString(),
          },
        },
      ],
    });
  }

  /** Stops taking messages, lets the in-flight one finish and commit, and leaves the group. */
  async close(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect().catch(() => undefined);
    await this.dlqProducer?.disconnect().catch(() => undefined);
    this.consumer = null;
    this.dlqProducer = null;
  }
}

function parseValue(message: KafkaMessage): unknown {
  if (!message.value) throw new InvalidMessageError('empty message');
  try {
    return JSON.parse(message.value.toString('utf8'));
  } catch {
    throw new InvalidMessageError('message is not JSON');
  }
}

function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (v !== undefined) out[k] = v.toString();
  return out;
}

/**
 * Attaches the Kafka consumer transport to an HTTP app (a hybrid app: health, metrics and any API over
 * HTTP; @EventPattern handlers fed from Kafka). Call before `app.init()` and `startAllMicroservices()`.
 */
export function connectKafkaConsumer(
  app: INestApplication,
  groupId: string,
  options: Omit<KafkaConsumerOptions, 'kafka' | 'names' | 'groupId'> = {},
): void {
  app.connectMicroservice(
    {
      strategy: new KafkaConsumerServer({
        kafka: app.get(KAFKA),
        names: app.get(TopicNames),
        groupId,
        ...options,
      }),
    },
    { inheritAppConfig: true },
  );
}

/** Heartbeats every second until cleared (a failed one, during a rebalance, is left to the next check). */
function keepAlive(heartbeat: () => Promise<void>): NodeJS.Timeout {
  return setInterval(() => void heartbeat().catch(() => undefined), 1000);
}
