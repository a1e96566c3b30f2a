import type Redis from 'ioredis';

/**
 * A fixed one-minute window per partner, counted in Redis so that every intake instance shares it.
 * Returns 0 when allowed, or the seconds until the window resets.
 *
 * Checks for one window that arrive in the same turn of the event loop share one round trip: one INCRBY
 * of their number, each caller taking its own place in the count (exactly as if each had sent its own
 * INCR back to back). Under load that is one Redis write for dozens of requests rather than one each.
 */
export class RateLimiter {
  private readonly pending = new Map<
    string,
    { resolve: (n: number) => void; reject: (e: unknown) => void }[]
  >();

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async retryAfter(subject: string, limitPerMinute: number, now = Date.now()): Promise<number> {
    const window = Math.floor(now / 60000);
    const count = await this.increment(`${this.prefix}:rate:${subject}:${window}`);
    if (count <= limitPerMinute) return 0;
    return Math.max(1, Math.ceil(((window + 1) * 60000 - now) / 1000));
  }

  /** The key's count after this caller's own increment. */
  private increment(key: string): Promise<number> {
    return new Promise((resolve, reject) => {
      let waiting = this.pending.get(key);
      if (!waiting) {
        waiting = [];
        this.pending.set(key, waiting);
        setImmediate(() => void this.flush(key));
      }
      waiting.push({ resolve, reject });
    });
  }

  private async flush(key: string): Promise<void> {
    const waiting = this.pending.get(key)!;
    this.pending.delete(key);
    try {
      const [[error, total]] = (await this.redis
        .multi()
        .incrby(key, waiting.length)
        .expire(key, 120)
        .exec()) as [[Error | null, number]];
      if (error) throw error;
      waiting.forEach((w, i) => w.resolve(total - waiting.length + 1 + i));
    } catch (e) {
      for (const w of waiting) w.reject(e);
    }
  }
}
