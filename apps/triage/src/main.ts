import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { connectKafkaConsumer } from '@app/messaging';
import { TriageAppModule } from './triage-app.module';

/** Kafka consumer plus a small HTTP server for health checks. */
async function bootstrap(): Promise<void> {
  const app = await createHttpApp(TriageAppModule, {
    title: 'Front door: triage',
    description: 'Health only',
    openApi: false,
  });
  const config = app.get(AppConfig);
  connectKafkaConsumer(app, ConsumerGroup.Triage, {
    partitionsConsumedConcurrently: config.TRIAGE_CONCURRENCY,
  });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.TRIAGE_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`triage failed to start: ${(e as Error).message}`);
  process.exit(1);
});
