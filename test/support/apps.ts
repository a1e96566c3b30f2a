import { INestApplication, Type } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { KAFKA, KafkaConsumerServer, TopicNames } from '@app/messaging';
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
  app.connectMicroservice(
    {
      strategy: new KafkaConsumerServer({
        kafka: app.get(KAFKA),
        names: app.get(TopicNames),
        groupId: ConsumerGroup.Triage,
        partitionsConsumedConcurrently: config.TRIAGE_CONCURRENCY,
      }),
    },
    { inheritAppConfig: true },
  );
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
