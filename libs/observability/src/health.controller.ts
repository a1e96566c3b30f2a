import { Controller, Get, HttpCode, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '@app/config';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import { Public } from '@app/auth';
import { KAFKA, REDIS } from '@app/messaging';
import { isOperator } from './operator';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

/**
 * Liveness (the process answers) and readiness (its Postgres, Redis and Kafka connections work). Anyone gets
 * the bare status (load balancers and `npm start` need it); which dependency is down is for the operations
 * token only.
 */
@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  async ready(@Req() req: Request) {
    const checks = {
      postgres: await this.check(() => this.dataSource.query('SELECT 1')),
      redis: await this.check(() => this.redis.ping()),
      kafka: await this.check(async () => {
        const admin = this.kafka.admin();
        await admin.connect();
        try {
          await admin.describeCluster();
        } finally {
          await admin.disconnect();
        }
      }),
    };
    const ok = Object.values(checks).every((c) => c === 'up');
    const details = isOperator(req, this.config.OPS_TOKEN) ? { checks } : {};
    if (!ok) throw new ServiceUnavailableException({ status: 'unavailable', ...details });
    return { status: 'ok', ...details };
  }

  private async check(probe: () => Promise<unknown>): Promise<'up' | 'down'> {
    try {
      await withTimeout(probe(), 2000);
      return 'up';
    } catch {
      return 'down';
    }
  }
}
