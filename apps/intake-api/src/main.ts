import { AppConfig } from '@app/config';
import { createHttpApp } from '@app/http';
import { IntakeModule } from './intake.module';
import { INTAKE_API_DOCUMENT } from './intake.openapi';

async function bootstrap(): Promise<void> {
  const app = await createHttpApp(IntakeModule, INTAKE_API_DOCUMENT);
  const config = app.get(AppConfig);
  await app.listen(config.INTAKE_PORT, config.HOST);
}

bootstrap().catch((e) => {
  console.error(`intake-api failed to start: ${(e as Error).message}`);
  process.exit(1);
});
