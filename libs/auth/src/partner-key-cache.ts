import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import type { PartnerPrincipal } from './principal';

/**
 * Partner key lookups kept in memory, so an authenticated request costs no database round trip. Correct
 * only while this instance hears every change: a trigger NOTIFYs `partner_keys_changed` on any change to
 * partners or keys, and the cache is emptied at once. While the listening connection is down (or not yet
 * up) nothing is cached, so a revocation is never missed.
 */
@Injectable()
export class PartnerKeyCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PartnerKeyCache.name);
  private readonly entries = new Map<string, PartnerPrincipal | null>();
  private listener: Client | null = null;
  private listening = false;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  /** Bumped at every change: a lookup that began before a change must not be cached after it. */
  private generationCounter = 0;

  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  onModuleInit(): void {
    void this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached principal (or a cached "no such key"), or undefined when it must be looked up. */
  get(keyHash: string): PartnerPrincipal | null | undefined {
    return this.listening ? this.entries.get(keyHash) : undefined;
  }

  get generation(): number {
    return this.generationCounter;
  }

  /** Caches a lookup that began at `generation` (read before querying), unless something changed since. */
  set(keyHash: string, principal: PartnerPrincipal | null, generation: number): void {
    // Unknown keys are not cached: a stream of made-up keys must not grow memory.
    if (!this.listening || !principal || generation !== this.generationCounter || this.entries.size >= 10_000)
      return;
    this.entries.set(keyHash, principal);
  }

  private clear(): void {
    this.generationCounter++;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_APP_URL });
    const lost = () => {
      this.listening = false;
      this.clear();
      client.end().catch(() => undefined);
      if (!this.stopped && !this.retry)
        this.retry = setTimeout(() => ((this.retry = null), void this.listen()), 1000);
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.clear());
    try {
      await client.connect();
      // A notification channel, not data: the cache is dropped whenever a key changes.
      await client.query('LISTEN partner_keys_changed');
      this.listener = client;
      this.clear();
      this.listening = true;
    } catch (e) {
      this.logger.warn(`Partner key cache off until Postgres answers: ${(e as Error).message}`);
      lost();
    }
  }
}
