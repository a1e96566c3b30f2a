import type Redis from 'ioredis';

/**
 * A fixed one-minute window per partner, counted in Redis so that every intake instance shares it.
 * Returns 0 when allowed, or the seconds until the window resets.
 */
export class RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async retryAfter(subject: string, limitPerMinute: number, now = Date.now()): Promise<number> {
    const window = Math.floor(now / 60000);
    const key = `${this.prefix}:rate:${subject}:${window}`;
    const [[, count]] = (await this.redis.multi().incr(key).expire(key, 120).exec()) as [[null, number]];
    if (count <= limitPerMinute) return 0;
    return Math.max(1, Math.ceil(((window + 1) * 60000 - now) / 1000));
  }
}
