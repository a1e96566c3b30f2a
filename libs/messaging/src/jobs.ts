import {
  DynamicModule,
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  Provider,
  SetMetadata,
  Type,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, ModuleRef } from '@nestjs/core';
import { Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type Redis from 'ioredis';
import { AppConfig } from '@app/config';
import { QueueJobs, QueueName } from '@app/contracts';
import { REDIS } from './tokens';

/** The DI token of a queue's BullMQ `Queue` (provided by `JobsModule.forRoot({ queues })`). */
export const queueToken = (name: QueueName): string => `bullmq-queue:${name}`;

/** Injects a queue registered with `JobsModule.forRoot({ queues })`. */
export const InjectQueue = (name: QueueName): ParameterDecorator => Inject(queueToken(name));

export interface JobWorkerOptions {
  concurrency?: number;
  /** How often a stalled job (its worker died) is picked up again before it fails. */
  maxStalledCount?: number;
}

export type JobHandler<Q extends QueueName> = (job: Job<QueueJobs[Q]>, token?: string) => Promise<unknown>;

interface JobHandlerMeta {
  queue: QueueName;
  options?: JobWorkerOptions | ((instance: never) => JobWorkerOptions);
}

const PROCESSES_JOBS = 'front-door:processes-jobs';

/**
 * Marks a provider's method as the handler of a queue's jobs. Options may be read from the provider itself
 * (its settings), once it is built. An app's jobs module refuses to start when a queue it processes has no
 * handler or two.
 */
export function ProcessJobs<T>(
  queue: QueueName,
  options?: JobWorkerOptions | ((instance: T) => JobWorkerOptions),
): MethodDecorator {
  return SetMetadata<string, JobHandlerMeta>(PROCESSES_JOBS, {
    queue,
    options: options as JobHandlerMeta['options'],
  });
}

/**
 * A use case the jobs module runs at start-up, before the workers start (rebuilding timers from Postgres).
 * It answers how many jobs it put back (logged by the module), or nothing.
 */
export interface StartupJob {
  execute(): Promise<number | void>;
}

/** A job's attempt (from 1) and whether it is the last its options allow: what a delivery records. */
export function jobAttempt(job: Job): { attempt: number; lastAttempt: boolean } {
  const attempt = job.attemptsMade + 1;
  return { attempt, lastAttempt: attempt >= (job.opts.attempts ?? 1) };
}

/** Runs a job's work; an error of the `permanent` kind fails the job for good, without its retries. */
export async function failForGoodOn<T>(permanent: Type<Error>, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof permanent) throw new UnrecoverableError(e.message);
    throw e;
  }
}

export interface JobsOptions {
  /** Queues this app adds jobs to: each is provided as a `Queue` (see `InjectQueue`). */
  queues?: QueueName[];
  /** Queues this app works: each must have exactly one `@ProcessJobs` handler. */
  processes?: QueueName[];
  /** Run in order at start-up, before the workers start: recovery of what Redis may have lost. */
  atStartup?: Type<StartupJob>[];
}

export interface FoundHandler {
  queue: QueueName;
  name: string;
  handler: JobHandler<QueueName>;
  options: JobWorkerOptions;
}

/**
 * The handler of each processed queue, or an error naming every queue with none, with two, or with a handler
 * in an app that does not process it: a job on such a queue would wait for ever, or run twice.
 */
export function matchHandlers(
  processes: readonly QueueName[],
  found: readonly FoundHandler[],
): FoundHandler[] {
  const faults: string[] = [];
  for (const queue of processes) {
    const handlers = found.filter((h) => h.queue === queue);
    if (!handlers.length) faults.push(`queue ${queue} has no @ProcessJobs handler`);
    if (handlers.length > 1)
      faults.push(
        `queue ${queue} has ${handlers.length} handlers (${handlers.map((h) => h.name).join(', ')})`,
      );
  }
  for (const h of found)
    if (!processes.includes(h.queue))
      faults.push(`${h.name} handles ${h.queue}, which this app does not process`);
  if (faults.length) throw new Error(`Jobs: ${faults.join('; ')}`);
  return processes.map((q) => found.find((h) => h.queue === q)!);
}

const JOBS_OPTIONS = Symbol('JOBS_OPTIONS');

/**
 * Starts a BullMQ worker per processed queue once the app is up (after the start-up use cases), and stops
 * them, then the queues, when it closes.
 */
@Injectable()
export class JobsRunner implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  private workers: Worker[] = [];

  constructor(
    @Inject(JOBS_OPTIONS) private readonly options: JobsOptions,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly moduleRef: ModuleRef,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Every `@ProcessJobs` method of the app's providers. */
  discover(): FoundHandler[] {
    const found: FoundHandler[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const proto = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(proto)) {
        const fn = instance[method] as (...args: unknown[]) => Promise<unknown>;
        const meta = Reflect.getMetadata(PROCESSES_JOBS, fn) as JobHandlerMeta | undefined;
        if (!meta) continue;
        const options = typeof meta.options === 'function' ? meta.options(instance as never) : meta.options;
        found.push({
          queue: meta.queue,
          name: `${proto.constructor.name}.${method}`,
          handler: fn.bind(instance) as JobHandler<QueueName>,
          options: options ?? {},
        });
      }
    }
    return found;
  }

  async onApplicationBootstrap(): Promise<void> {
    const handlers = matchHandlers(this.options.processes ?? [], this.discover());
    await this.runStartupJobs();
    this.watchForLostData();
    for (const { queue, handler, options } of handlers) {
      const worker = new Worker(queue, handler, {
        connection: this.redis,
        prefix: this.config.REDIS_PREFIX,
        concurrency: options.concurrency ?? 1,
        ...(options.maxStalledCount !== undefined ? { maxStalledCount: options.maxStalledCount } : {}),
      });
      worker.on('failed', (job, e) => this.logger.warn(`${queue} job ${job?.id} failed: ${e.message}`));
      // Without a listener, a Redis connection error would be an unhandled 'error' event and end the process.
      worker.on('error', (e) => this.logger.warn(`${queue} worker: ${e.message}`));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((w) => w.waitUntilReady()));
  }

  /**
   * The key whose absence means Redis lost what the start-up use cases put back (it restarted empty, or
   * was replaced): set once they have run, one per set of use cases (the apps' instances share it).
   */
  private get recoveredKey(): string {
    const names = (this.options.atStartup ?? []).map((s) => s.name).join('+');
    return `${this.config.REDIS_PREFIX}:jobs-recovered:${names}`;
  }

  private async runStartupJobs(): Promise<void> {
    const startups = this.options.atStartup ?? [];
    for (const startup of startups) {
      const putBack = await this.moduleRef.get(startup, { strict: false }).execute();
      if (putBack) this.logger.log(`${startup.name}: ${putBack} job(s) checked against Postgres`);
    }
    if (startups.length) await this.redis.set(this.recoveredKey, new Date().toISOString());
  }

  private recovering = false;
  private lostDataCheck?: NodeJS.Timeout;

  /**
   * Redis that comes back without its data (no persistence, a new node) has lost every timer and job: on
   * each reconnection, and every few seconds, the start-up use cases run again if their key is gone.
   * They are idempotent (placing a job that exists does nothing), so a second instance doing the same is
   * harmless; a failure (Postgres away) is retried at the next check.
   */
  private watchForLostData(): void {
    if (!this.options.atStartup?.length) return;
    const check = async () => {
      if (this.recovering || this.redis.status !== 'ready') return;
      this.recovering = true;
      try {
        if (await this.redis.exists(this.recoveredKey)) return;
        this.logger.warn('Redis lost its jobs (restarted empty): rebuilding them from Postgres');
        await this.runStartupJobs();
      } catch (e) {
        this.logger.warn(
          `rebuilding jobs after Redis lost its data failed, will retry: ${(e as Error).message}`,
        );
      } finally {
        this.recovering = false;
      }
    };
    this.onReady = () => void check();
    this.redis.on('ready', this.onReady);
    this.lostDataCheck = setInterval(() => void check(), this.config.JOBS_RECOVERY_CHECK_MS);
    this.lostDataCheck.unref();
  }

  private onReady?: () => void;

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.lostDataCheck);
    if (this.onReady) this.redis.off('ready', this.onReady);
    // A worker closed while its blocking connection is still connecting emits an error after close: let it
    // finish connecting first. Closing waits for the jobs in hand.
    await Promise.all(this.workers.map((w) => w.waitUntilReady().catch(() => undefined)));
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers = [];
  }

  /** Queues close after the app's consumers and HTTP server have stopped adding to them. */
  async onApplicationShutdown(): Promise<void> {
    const queues = (this.options.queues ?? []).map((q) =>
      this.moduleRef.get<Queue>(queueToken(q), { strict: false }),
    );
    await Promise.all(queues.map((q) => q.close().catch(() => undefined)));
  }
}

function queueProvider(name: QueueName): Provider {
  return {
    provide: queueToken(name),
    inject: [REDIS, AppConfig],
    useFactory: (redis: Redis, config: AppConfig) => {
      const queue = new Queue(name, { connection: redis, prefix: config.REDIS_PREFIX });
      // Redis errors surface on the commands that fail; an unheard 'error' event would end the process.
      queue.on('error', () => undefined);
      return queue;
    },
  };
}

/**
 * An app's BullMQ jobs, declared once: the queues it adds to, the queues it works (each handler found by
 * its `@ProcessJobs` decorator) and what runs at start-up. Import once, in the app's root module.
 */
@Module({})
export class JobsModule {
  static forRoot(options: JobsOptions): DynamicModule {
    const queues = (options.queues ?? []).map(queueProvider);
    return {
      module: JobsModule,
      global: true,
      imports: [DiscoveryModule],
      providers: [{ provide: JOBS_OPTIONS, useValue: options }, ...queues, JobsRunner],
      exports: queues.map((q) => (q as { provide: string }).provide),
    };
  }
}
