import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { Observable, Subject, filter } from 'rxjs';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';

/** What the holding worker is told when a re-triage raised an item they hold. Ids and codes only. */
export interface HeldItemRaised {
  type: 'held-item-raised';
  username: string;
  contactId: string;
  childId: string;
  needLevel: number;
  priority: string;
  dueAt: string;
}

/**
 * Carries notifications to the worker's browser, whichever desk instance their event stream is on: a
 * notification is published on a Redis channel and every instance passes it to its own open streams.
 */
@Injectable()
export class HeldItemNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(HeldItemNotifier.name);
  private readonly events = new Subject<HeldItemRaised>();
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.channel = `${config.REDIS_PREFIX}:desk:notifications`;
  }

  async onModuleInit(): Promise<void> {
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', (_channel, message) => {
      try {
        this.events.next(JSON.parse(message));
      } catch {
        this.logger.warn('unreadable notification ignored');
      }
    });
    await this.subscriber.subscribe(this.channel);
  }

  async publish(n: HeldItemRaised): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(n));
  }

  for(username: string): Observable<HeldItemRaised> {
    return this.events.pipe(filter((n) => n.username === username));
  }

  async onModuleDestroy(): Promise<void> {
    this.events.complete();
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
