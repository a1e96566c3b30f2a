import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RateLimiter } from '@app/auth';

/** The per-partner limit against the real Redis, with checks arriving at once (one shared round trip). */
describe('rate limiter: checks that arrive together', () => {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  const prefix = `test-rate-${randomUUID()}`;
  const limiter = new RateLimiter(redis, prefix);
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  });

  it('50 checks at once against a limit of 30: exactly 30 allowed, in one window count of 50', async () => {
    const now = Date.UTC(2026, 11, 1, 10, 0, 30);
    const answers = await Promise.all(Array.from({ length: 50 }, () => limiter.retryAfter('p1', 30, now)));
    expect(answers.filter((a) => a === 0)).toHaveLength(30);
    expect(answers.slice(30)).toEqual(Array(20).fill(30)); // 30 s to the window's end
    expect(Number(await redis.get(`${prefix}:rate:p1:${Math.floor(now / 60000)}`))).toBe(50);
    expect(await redis.ttl(`${prefix}:rate:p1:${Math.floor(now / 60000)}`)).toBeGreaterThan(60);
  });

  it('partners and windows are counted apart, and later checks continue the count', async () => {
    const now = Date.UTC(2026, 11, 1, 11, 0, 0);
    const [a, b] = await Promise.all([limiter.retryAfter('p2', 1, now), limiter.retryAfter('p3', 1, now)]);
    expect([a, b]).toEqual([0, 0]);
    expect(await limiter.retryAfter('p2', 1, now)).toBe(60);
    expect(await limiter.retryAfter('p2', 1, now + 60000)).toBe(0);
  });
});
