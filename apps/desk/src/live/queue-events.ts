import { Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';

/** A change to a desk item, for the live queue. Ids and usernames only: nothing about the child. */
export interface QueueEvent {
  /** `triaged`: an item arrived on the desk or was re-triaged. */
  type: 'triaged' | 'claimed' | 'released' | 'decided' | 'closed';
  contactId: string;
  /** Who did it (`system` for a lapsed claim, `triage` for a triage). */
  by: string;
  at: string;
}

type Listener = (event: QueueEvent) => void;

/**
 * Fans queue changes out to every desk instance's live streams over Redis pub/sub. Published after the
 * change committed, best effort: a lost event costs a stale row until the next refresh, never a wrong record.
 */
@Injectable()
export class QueueEvents implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('QueueEvents');
  private readonly listeners = new Set<Listener>();
  private readonly channel: string;
  private subscriber: Redis | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.channel = `${config.REDIS_PREFIX}:desk:queue-events`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      let event: QueueEvent;
      try {
        event = JSON.parse(message);
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    });
    this.subscriber.on('error', (e) => this.logger.warn(`queue events subscription: ${e.message}`));
    await this.subscriber.subscribe(this.channel);
  }

  publish(type: QueueEvent['type'], contactId: string, by: string): void {
    const event: QueueEvent = { type, contactId, by, at: new Date().toISOString() };
    this.redis
      .publish(this.channel, JSON.stringify(event))
      .catch((e: Error) => this.logger.warn(`queue event not published: ${e.message}`));
  }

  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async onApplicationShutdown(): Promise<void> {
    this.listeners.clear();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}

@Module({ providers: [QueueEvents], exports: [QueueEvents] })
export class QueueEventsModule {}
