import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { Kafka, Producer } from 'kafkajs';
import { Client, Pool } from 'pg';
import { faultPoint } from '@app/config';
import { TopicNames } from './kafka-settings';
import { OutboxRepository } from './outbox.repository';

const outbox = new OutboxRepository();

const LEADER_LOCK = 'front-door:outbox-relay';
const BATCH = 1000;
/**
 * How long the relay waits when the outbox is empty and no writer has said otherwise. It does not LISTEN for
 * a NOTIFY from each committing transaction: NOTIFY takes a database-wide lock at commit, which serialised
 * every intake and triage commit behind one another (measured: it capped triage far below its round-trip
 * cost). Writers wake it instead (signalOutboxWritten), after their commit: directly in the leader's own
 * process, through Redis from any other; the poll is what is left if Redis is down.
 */
const DEFAULT_POLL_MS = 20;

/** The Redis channel on which writers in other processes wake the leading relay. */
export const outboxWrittenChannel = (redisPrefix: string) => `${redisPrefix}:outbox-written`;

/** Relays of this process (leading or waiting to lead), told when outbox rows were committed here. */
const relaysOfThisProcess = new Set<OutboxRelay>();

/**
 * Tells the leading outbox relay, in this process or another, that outbox rows were just committed, so they
 * go out now rather than at its next poll. Call after the commit; without it rows still go at the poll.
 */
export function signalOutboxWritten(): void {
  for (const relay of relaysOfThisProcess) relay.written();
}

export interface OutboxRelayOptions {
  /** Wakes the leader across processes: the app's shared connection publishes, a duplicate subscribes. */
  redis?: Redis;
  redisPrefix?: string;
  pollMs?: number;
}

/**
 * Publishes the outbox to Kafka, oldest first, and deletes what the broker acknowledged (acks: all,
 * idempotent producer). One relay is active at a time across every process (a Postgres advisory lock), so
 * events keep their order; the others wait to take over. Kafka being down only delays publication: rows
 * stay in the outbox until a send succeeds. A crash after sending but before deleting republishes a batch,
 * which consumers' inboxes make harmless.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private listener: Client | null = null;
  private producer: Producer | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private leader = false;
  private idle = false;
  /** Set by a signal that comes while a batch is being published, so the next poll does not sleep. */
  private signalled = false;
  /** A wake-up for the leader is already on its way to Redis in this turn of the event loop. */
  private publishing = false;
  private subscriber: Redis | null = null;
  private readonly pollMs: number;
  private readonly channel: string | null;

  constructor(
    private readonly pool: Pool,
    private readonly databaseUrl: string,
    private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly options: OutboxRelayOptions = {},
  ) {
    this.pollMs = options.pollMs ?? DEFAULT_POLL_MS;
    this.channel = options.redis ? outboxWrittenChannel(options.redisPrefix ?? '') : null;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** True while the leader has nothing left to publish and waits for a wake-up or its next poll. */
  get isIdle(): boolean {
    return this.idle;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    relaysOfThisProcess.add(this);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    relaysOfThisProcess.delete(this);
    this.wake?.();
    await this.loop;
  }

  /** Outbox rows were committed in this process: publish now if leading, else wake the leader. */
  written(): void {
    if (this.leader) return this.publishNow();
    const redis = this.options.redis;
    // One message per turn of the event loop however many commits it saw; none while Redis is away (the
    // client would queue them), as the leader's poll covers that.
    if (!redis || !this.channel || this.publishing || redis.status !== 'ready') return;
    this.publishing = true;
    setImmediate(() => {
      this.publishing = false;
      redis.publish(this.channel!, '1').catch(() => undefined);
    });
  }

  /** The leader's loop goes round again without sleeping, even if it is busy publishing just now. */
  private publishNow(): void {
    this.signalled = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        await this.lead();
      } catch (e) {
        this.logger.warn(`Outbox relay interrupted: ${(e as Error).message}; retrying`);
      } finally {
        await this.release();
      }
      if (this.running) await this.sleep(1000);
    }
  }

  /** Waits to become the leader, then publishes until stopped or a connection fails. */
  private async lead(): Promise<void> {
    this.listener = new Client({ connectionString: this.databaseUrl });
    this.listener.on('error', () => this.wake?.());
    await this.listener.connect();
    while (this.running) {
      // Leader election, not data: the lock is held by this session for as long as it leads.
      const got = await this.listener.query('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok', [
        LEADER_LOCK,
      ]);
      if (got.rows[0].ok) break;
      await this.sleep(2000);
    }
    if (!this.running) return;
    this.leader = true;
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    await this.listenForWriters();
    this.logger.log('Outbox relay is publishing');
    while (this.running) {
      this.signalled = false;
      const published = await this.publishBatch();
      if (published === 0 && !this.signalled) {
        this.idle = true;
        await this.sleep(this.pollMs);
        this.idle = false;
      }
    }
  }

  /** Subscribes to writers' wake-ups from other processes; without Redis the relay still polls. */
  private async listenForWriters(): Promise<void> {
    if (!this.options.redis || !this.channel) return;
    const subscriber = this.options.redis.duplicate({ lazyConnect: true, maxRetriesPerRequest: 1 });
    subscriber.on('error', () => undefined); // reconnects by itself; the poll covers the gap
    subscriber.on('message', () => this.publishNow());
    this.subscriber = subscriber;
    try {
      await subscriber.connect();
      await subscriber.subscribe(this.channel);
    } catch (e) {
      this.logger.warn(`Outbox relay polls only (no Redis wake-ups): ${(e as Error).message}`);
    }
  }

  /** Publishes one batch; returns how many rows it published. */
  async publishBatch(): Promise<number> {
    const rows = await outbox.oldest(this.pool, BATCH);
    if (!rows.length) return 0;
    const byTopic = new Map<
      string,
      { key: string | null; value: string; headers: Record<string, string> }[]
    >();
    for (const row of rows) {
      const topic = this.names.topic(row.topic);
      if (!byTopic.has(topic)) byTopic.set(topic, []);
      byTopic.get(topic)!.push({
        key: row.message_key,
        value: JSON.stringify(row.payload),
        headers: { 'event-id': row.payload.eventId, 'event-type': row.payload.type },
      });
    }
    await this.producer!.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
    faultPoint('outbox.after-publish-before-mark');
    await outbox.remove(
      this.pool,
      rows.map((r) => r.id),
    );
    return rows.length;
  }

  private async release(): Promise<void> {
    this.leader = false;
    this.subscriber?.disconnect();
    this.subscriber = null;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
    // Closing the session releases the advisory lock, so another relay can take over at once.
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
