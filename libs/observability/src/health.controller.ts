import { Controller, Get, HttpCode, Inject, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AppConfig } from '@app/config';
import { DataSource } from 'typeorm';
import { Kafka } from 'kafkajs';
import Redis from 'ioredis';
import { Public } from '@app/auth';
import { ApiProblem } from '@app/http';
import { KAFKA, REDIS } from '@app/messaging';
import { isOperator } from './operator';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);

class LiveStatus {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

class ReadinessChecks {
  @ApiProperty({ enum: ['up', 'down'] })
  postgres: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'] })
  redis: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'] })
  kafka: 'up' | 'down';
}

class ReadyStatus {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';

  @ApiPropertyOptional({
    type: ReadinessChecks,
    description: 'Which dependency is up: with the operations token only',
  })
  checks?: ReadinessChecks;
}

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
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: the process answers (no credentials)' })
  @ApiOkResponse({ type: LiveStatus })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'checkReadiness',
    summary: 'Readiness: its Postgres, Redis and Kafka connections work (no credentials)',
  })
  @ApiOkResponse({ type: ReadyStatus })
  @ApiProblem(503, 'A dependency is down', { title: 'Service Unavailable' })
  async ready(@Req() req: Request) {
    const checks = {
      // A liveness probe of the pool, not data access: no repository owns it.
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
