import { Injectable, Module, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig } from '@app/config';
import { QueueName } from '@app/contracts';
import { UnrecoverableError } from 'bullmq';
import { failForGoodOn, jobAttempt, JobsModule, JobsRunner, ProcessJobs } from './jobs';
import { REDIS } from './tokens';

@Injectable()
class SlaHandler {
  @ProcessJobs(QueueName.Sla)
  async process(): Promise<void> {}
}

@Injectable()
class SecondSlaHandler {
  @ProcessJobs(QueueName.Sla)
  async handle(): Promise<void> {}
}

@Injectable()
class SpikeHandler {
  readonly concurrency = 3;
  @ProcessJobs(QueueName.SpikeCheck, (self: SpikeHandler) => ({ concurrency: self.concurrency }))
  async process(): Promise<void> {}
}

/** What the app's global modules give the jobs module; no Redis: the check comes before any worker. */
@Module({
  providers: [
    { provide: REDIS, useValue: {} },
    { provide: AppConfig, useValue: { REDIS_PREFIX: 'unit' } },
  ],
  exports: [REDIS, AppConfig],
})
class FakeInfra {}

/** Builds (but does not start) an app with the jobs module and the given handlers. */
async function start(processes: QueueName[], handlers: Type<unknown>[]) {
  class TestApp {}
  const app = await NestFactory.create(
    {
      module: TestApp,
      imports: [{ module: FakeInfra, global: true }, JobsModule.forRoot({ processes })],
      providers: handlers,
    },
    { logger: false, abortOnError: false },
  );
  return { app, runner: app.get(JobsRunner) };
}

describe('JobsModule', () => {
  it('finds each handler by its decorator, with options read from the handler itself', async () => {
    const { runner } = await start([], [SlaHandler, SpikeHandler]);
    const found = runner.discover().map(({ queue, name, options }) => ({ queue, name, options }));
    expect(found).toEqual([
      { queue: QueueName.Sla, name: 'SlaHandler.process', options: {} },
      { queue: QueueName.SpikeCheck, name: 'SpikeHandler.process', options: { concurrency: 3 } },
    ]);
  });

  it('refuses to start when a queue it processes has no handler', async () => {
    const { app } = await start([QueueName.Sla, QueueName.SpikeCheck], [SlaHandler]);
    await expect(app.init()).rejects.toThrow(`queue ${QueueName.SpikeCheck} has no @ProcessJobs handler`);
  });

  it('refuses to start when a queue has two handlers', async () => {
    const { app } = await start([QueueName.Sla], [SlaHandler, SecondSlaHandler]);
    await expect(app.init()).rejects.toThrow(
      `queue ${QueueName.Sla} has 2 handlers (SlaHandler.process, SecondSlaHandler.handle)`,
    );
  });

  it('refuses a handler for a queue the app does not process', async () => {
    const { app } = await start([], [SpikeHandler]);
    await expect(app.init()).rejects.toThrow(
      `SpikeHandler.process handles ${QueueName.SpikeCheck}, which this app does not process`,
    );
  });

  it('fails a job for good on a permanent error only, and says which attempt is the last', async () => {
    class Permanent extends Error {}
    await expect(failForGoodOn(Permanent, () => Promise.reject(new Permanent('410 gone')))).rejects.toThrow(
      UnrecoverableError,
    );
    await expect(failForGoodOn(Permanent, () => Promise.reject(new Error('503')))).rejects.not.toThrow(
      UnrecoverableError,
    );
    await expect(failForGoodOn(Permanent, async () => 'sent')).resolves.toBe('sent');
    const job = (attemptsMade: number) => ({ attemptsMade, opts: { attempts: 3 } }) as never;
    expect(jobAttempt(job(0))).toEqual({ attempt: 1, lastAttempt: false });
    expect(jobAttempt(job(2))).toEqual({ attempt: 3, lastAttempt: true });
  });
});
