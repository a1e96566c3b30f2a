import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { connectKafkaConsumer } from '@app/messaging';
import { DeskAppModule } from './desk-app.module';
import { DESK_API_DOCUMENT } from './desk.openapi';

/** The staff API and web UI, the SLA timers' worker, and the desk's Kafka consumer. */
async function bootstrap(): Promise<void> {
  const app = await createHttpApp(DeskAppModule, DESK_API_DOCUMENT);
  const config = app.get(AppConfig);
  // Kafka: contact.triaged.v1 for held-item notices.
  connectKafkaConsumer(app, ConsumerGroup.Desk);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.DESK_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`desk failed to start: ${(e as Error).message}`);
  process.exit(1);
});
