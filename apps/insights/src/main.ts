import { AppConfig } from '@app/config';
import { ConsumerGroup } from '@app/contracts';
import { createHttpApp } from '@app/http';
import { connectKafkaConsumer } from '@app/messaging';
import { InsightsAppModule } from './insights-app.module';

/** Kafka consumer of contact events, the spike-check worker, and /health on INSIGHTS_PORT. */
async function bootstrap(): Promise<void> {
  const app = await createHttpApp(InsightsAppModule, {
    title: 'Front door: insights',
    description: 'Health only',
    openApi: false,
  });
  const config = app.get(AppConfig);
  connectKafkaConsumer(app, ConsumerGroup.Insights);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(config.INSIGHTS_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`insights failed to start: ${(e as Error).message}`);
  process.exit(1);
});
