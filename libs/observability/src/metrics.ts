import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  Controller,
  Get,
  Header,
  Inject,
  Injectable,
  Req,
  Module,
  NestMiddleware,
  MiddlewareConsumer,
  NestModule,
} from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Gauge, Histogram, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { Public } from '@app/auth';
import { AppConfig } from '@app/config';
import { ApiProblem, Problem } from '@app/http';
import { OutboxRepository } from '@app/messaging';
import { isOperator } from './operator';

/**
 * prom-client's default registry: libraries (messaging's Kafka counters) register on it without importing
 * this module. The process's own figures (memory, event loop lag) are collected too.
 */
export const metricsRegistry = register;
if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();

export const httpRequestSeconds =
  (register.getSingleMetric('front_door_http_request_duration_seconds') as Histogram) ??
  new Histogram({
    name: 'front_door_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  });

/**
 * Outbox relay lag, read from Postgres when scraped: how many events wait to be published and how old the
 * oldest is. A growing age means Kafka is unreachable or the relay has stopped.
 */
@Injectable()
export class OutboxLagMetrics {
  constructor(dataSource: DataSource) {
    const outbox = new OutboxRepository();
    const read = () => outbox.lag(dataSource);
    const gauge = (name: string, help: string, field: 'n' | 'age') => {
      register.removeSingleMetric(name); // a second app in one process (tests) re-binds it to its own DataSource
      new Gauge({
        name,
        help,
        async collect() {
          try {
            this.set((await read())[field]);
          } catch {
            // Postgres away: the health check says so; keep the last value.
          }
        },
      });
    };
    gauge('front_door_outbox_pending', 'Events waiting in the outbox', 'n');
    gauge('front_door_outbox_oldest_age_seconds', 'Age of the oldest unpublished event (relay lag)', 'age');
  }
}

/** Prometheus figures, for the operations token only (they describe the service, and are nobody else's). */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(AppConfig) private readonly config: AppConfig) {}

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @ApiOperation({ operationId: 'readMetrics', summary: 'Prometheus metrics (text exposition format)' })
  @ApiOkResponse({ content: { 'text/plain': { schema: { type: 'string' } } } })
  @ApiProblem(401, 'The operations token is required', { title: 'Unauthorized' })
  metrics(@Req() req: Request): Promise<string> {
    if (!isOperator(req, this.config.OPS_TOKEN))
      throw Problem.unauthorized('The operations token is required');
    return metricsRegistry.metrics();
  }
}

@Injectable()
class HttpMetricsMiddleware implements NestMiddleware {
  use(req: Request, res: Response, next: NextFunction): void {
    const end = httpRequestSeconds.startTimer();
    res.on('finish', () =>
      end({ method: req.method, route: req.route?.path ?? 'unmatched', status: String(res.statusCode) }),
    );
    next();
  }
}

/** `/metrics` for Prometheus: HTTP timings, Kafka outcomes, outbox lag and the process's own figures. */
@Module({ controllers: [MetricsController], providers: [OutboxLagMetrics] })
export class MetricsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
