import { AppConfig } from '@app/config';
import { createHttpApp } from '@app/http';
import { IntakeModule } from './intake.module';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(IntakeModule, {
    title: 'Front door: partner API',
    description: 'Partners submit contacts about children and read back their decisions (contract v1).',
  });
  const config = app.get(AppConfig);
  await app.listen(config.INTAKE_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`intake-api failed to start: ${(e as Error).message}`);
  process.exit(1);
});
