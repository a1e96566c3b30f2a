import { INestApplication, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { connectKafkaConsumer } from '@app/messaging';
import { IntakeModule } from '../../apps/intake-api/src/intake.module';
import { TriageAppModule } from '../../apps/triage/src/triage-app.module';

export interface RunningApp {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/** Boots an HTTP app in this process on a free port, against the real Postgres, Redis and Kafka. */
export async function startHttpApp(module: Type<unknown>): Promise<RunningApp> {
  const app = await createHttpApp(module, { title: 'test', description: 'test', openApi: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

export const startIntake = () => startHttpApp(IntakeModule);

/** Boots the triage app (Kafka consumer and health endpoint) in this process. */
export async function startTriage(): Promise<RunningApp> {
  const app = await createHttpApp(TriageAppModule, { title: 'test', description: 'test', openApi: false });
  const config = app.get(AppConfig);
  connectKafkaConsumer(app, ConsumerGroup.Triage, {
    partitionsConsumedConcurrently: config.TRIAGE_CONCURRENCY,
  });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

export const startDesk = async (): Promise<RunningApp> => {
  const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
  return startHttpApp(DeskAppModule);
};

/** The desk app with its Kafka consumer (contact.triaged.v1 -> held-item notifications), as main.ts runs it. */
export const startDeskWithConsumer = async (): Promise<RunningApp> => {
  const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
  const app = await createHttpApp(DeskAppModule, { title: 'test', description: 'test', openApi: false });
  connectKafkaConsumer(app, ConsumerGroup.Desk);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
};

/** Boots the alerts app (alert.raised.v1 consumer, BullMQ delivery and escalation workers, health). */
export async function startAlerts(): Promise<RunningApp> {
  const { AlertsAppModule } = await import('../../apps/alerts/src/alerts-app.module');
  const app = await createHttpApp(AlertsAppModule, { title: 'test', description: 'test', openApi: false });
  connectKafkaConsumer(app, ConsumerGroup.Alerts, { partitionsConsumedConcurrently: 3 });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/**
 * Gives the current test file a migrated database of its own and points the apps it starts (and child
 * processes it runs) at it. The outbox relay leads per database, so without this a relay started by a
 * test file running in parallel could publish this file's events under its own topic prefix. Call after
 * isolateTestFile() and before starting apps; call drop() in afterAll, after closing the apps.
 */
export async function isolateDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const { migrateDatabase } = await import('@app/persistence');
  const { Client } = await import('pg');
  const { randomBytes } = await import('node:crypto');
  const url = new URL(process.env.DATABASE_URL!);
  const name = `${url.pathname.slice(1)}_${randomBytes(3).toString('hex')}`;
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  await migrateDatabase(url.toString());
  return {
    url: url.toString(),
    name,
    async drop() {
      const admin = new URL(url.toString());
      admin.pathname = '/postgres';
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
      await client.end();
    },
  };
}

/** Boots the insights app (Kafka consumer of contact events, spike-check worker, health) in this process. */
export async function startInsights(): Promise<RunningApp> {
  const { InsightsAppModule } = await import('../../apps/insights/src/insights-app.module');
  const app = await createHttpApp(InsightsAppModule, { title: 'test', description: 'test', openApi: false });
  connectKafkaConsumer(app, ConsumerGroup.Insights);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

/**
 * The schema owner's connection to this test file's database (DATABASE_URL), for what the apps' own login
 * may not do: tampering with the audit trail, test triggers, ANALYZE. The apps never connect as the owner
 * (DATABASE_APP_URL). Destroy it in afterAll.
 */
export async function ownerDataSource(): Promise<DataSource> {
  const { createDataSource } = await import('@app/persistence');
  const ds = createDataSource(process.env.DATABASE_URL!);
  return ds.initialize();
}
