import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';

/** How long a ticket may wait before the stream it opens is asked for. */
export const TICKET_TTL_SECONDS = 30;

/**
 * Single-use tickets that open a live stream, so that no token is ever put in a URL (a browser's
 * EventSource cannot send headers). A ticket is 32 random bytes; Redis keeps only its hash, with the bearer
 * token it was issued for, for 30 seconds, and GETDEL hands the token out once.
 */
@Injectable()
export class LiveTickets {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:live-ticket:`;
  }

  async issue(token: string, now = Date.now()): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = randomBytes(32).toString('base64url');
    await this.redis.set(this.key(ticket), token, 'EX', TICKET_TTL_SECONDS);
    return { ticket, expiresAt: new Date(now + TICKET_TTL_SECONDS * 1000).toISOString() };
  }

  /** The token behind the ticket, once; null for an unknown, used or expired ticket. */
  async redeem(ticket: unknown): Promise<string | null> {
    if (typeof ticket !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(ticket)) return null;
    return this.redis.getdel(this.key(ticket));
  }

  private key(ticket: string): string {
    return this.prefix + createHash('sha256').update(ticket).digest('hex');
  }
}

/** Open live streams per user in this process: at most MAX_STREAMS_PER_USER each. */
export const MAX_STREAMS_PER_USER = 3;

@Injectable()
export class LiveStreamCounts {
  private readonly open = new Map<string, number>();

  count(userId: string): number {
    return this.open.get(userId) ?? 0;
  }

  full(userId: string): boolean {
    return this.count(userId) >= MAX_STREAMS_PER_USER;
  }

  opened(userId: string): void {
    this.open.set(userId, this.count(userId) + 1);
  }

  closed(userId: string): void {
    const n = this.count(userId) - 1;
    if (n > 0) this.open.set(userId, n);
    else this.open.delete(userId);
  }
}
