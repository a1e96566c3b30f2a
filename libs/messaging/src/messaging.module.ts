import {
  DynamicModule,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { AppConfig } from '@app/config';
import { createKafka, ensureTopics, TopicNames } from './kafka-settings';
import { OutboxRelay } from './outbox-relay';

import { KAFKA, REDIS } from './tokens';

export { KAFKA, REDIS };

/** Runs the outbox relay for as long as the app runs (only one relay across all processes publishes). */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  constructor(
    dataSource: DataSource,
    @Inject(KAFKA) kafka: Kafka,
    @Inject(REDIS) redis: Redis,
    names: TopicNames,
    config: AppConfig,
  ) {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.relay = new OutboxRelay(pool, config.DATABASE_APP_URL, kafka, names, {
      redis,
      redisPrefix: config.REDIS_PREFIX,
    });
  }
  onApplicationBootstrap(): void {
    this.relay.start();
  }
  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Creates the service's topics once the app starts, so the first produce or subscribe finds them. */
@Injectable()
class TopicsInitialiser implements OnApplicationBootstrap {
  constructor(
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly config: AppConfig,
  ) {}
  async onApplicationBootstrap(): Promise<void> {
    await ensureTopics(this.kafka, this.names, this.config.KAFKA_PARTITIONS);
  }
}

/** Closes the shared Redis connection last, after BullMQ workers and queues have closed theirs. */
@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * Kafka and Redis for an app: the kafkajs client, topic naming, the shared ioredis connection (with
 * `maxRetriesPerRequest: null`, as BullMQ workers require) and, when asked, the outbox relay.
 */
@Module({})
export class MessagingModule {
  static forApp(clientId: string, options: { outboxRelay?: boolean } = {}): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      providers: [
        { provide: KAFKA, inject: [AppConfig], useFactory: (c: AppConfig) => createKafka(c, clientId) },
        { provide: TopicNames, inject: [AppConfig], useFactory: (c: AppConfig) => TopicNames.from(c) },
        {
          provide: REDIS,
          inject: [AppConfig],
          useFactory: (c: AppConfig) =>
            new Redis(c.REDIS_URL, { maxRetriesPerRequest: null, enableReadyCheck: true }),
        },
        TopicsInitialiser,
        RedisCloser,
        ...(options.outboxRelay ? [OutboxRelayRunner] : []),
      ],
      exports: [KAFKA, TopicNames, REDIS, ...(options.outboxRelay ? [OutboxRelayRunner] : [])],
    };
  }
}
