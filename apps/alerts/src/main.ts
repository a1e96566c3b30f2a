import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { connectKafkaConsumer } from '@app/messaging';
import { AlertsAppModule } from './alerts-app.module';

/** Kafka consumer (alert.raised.v1), BullMQ delivery and escalation workers, and /health. */
async function bootstrap(): Promise<void> {
  const app = await createHttpApp(AlertsAppModule, {
    title: 'Front door: alerts',
    description: 'Health only',
    openApi: false,
  });
  const config = app.get(AppConfig);
  connectKafkaConsumer(app, ConsumerGroup.Alerts, { partitionsConsumedConcurrently: 3 });
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.ALERTS_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`alerts failed to start: ${(e as Error).message}`);
  process.exit(1);
});
