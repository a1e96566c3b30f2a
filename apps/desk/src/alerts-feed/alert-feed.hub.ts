import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { alertFeedChannel, AlertFeedEvent } from '@app/contracts';
import { REDIS } from '@app/messaging';

type Listener = (event: AlertFeedEvent) => void;

/**
 * One Redis subscription per staff API instance to the alerts app's feed announcements, fanned out to the
 * open live streams.
 */
@Injectable()
export class AlertFeedHub implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertFeed');
  private readonly listeners = new Set<Listener>();
  private subscriber: Redis | null = null;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel: string, message: string) => {
      let event: AlertFeedEvent;
      try {
        event = JSON.parse(message);
      } catch {
        return;
      }
      for (const l of this.listeners) l(event);
    });
    this.subscriber.on('error', (e) => this.logger.warn(`feed subscription: ${e.message}`));
    await this.subscriber.subscribe(alertFeedChannel(this.config.REDIS_PREFIX));
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
