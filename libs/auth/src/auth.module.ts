import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { REDIS } from '@app/messaging';
import { AuthGuard } from './auth.guard';
import { PartnerKeyCache } from './partner-key-cache';
import { RateLimiter } from './rate-limiter';
import { StaffTokens } from './staff-tokens';

/** Authentication for an HTTP app: the global AuthGuard, staff tokens and the partner rate limiter. */
@Global()
@Module({
  providers: [
    {
      provide: StaffTokens,
      inject: [AppConfig, REDIS],
      useFactory: (c: AppConfig, redis: Redis) =>
        new StaffTokens(c.STAFF_TOKEN_SECRET, c.STAFF_TOKEN_TTL_SECONDS, redis, c.REDIS_PREFIX),
    },
    {
      provide: RateLimiter,
      inject: [AppConfig, REDIS],
      useFactory: (c: AppConfig, redis: Redis) => new RateLimiter(redis, c.REDIS_PREFIX),
    },
    PartnerKeyCache,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [StaffTokens, RateLimiter],
})
export class AuthModule {}
