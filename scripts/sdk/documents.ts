import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiDocumentOptions, createApiDocument } from '@app/http';
import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Builds the two OpenAPI documents from the Nest apps themselves, without connecting to anything:
 * `preview: true` resolves the module graph and routes but instantiates no provider (no Postgres,
 * Kafka or Redis), so this runs on a build machine with no services.
 */
export async function buildDocuments(): Promise<{ partner: OpenAPIObject; staff: OpenAPIObject }> {
  const { IntakeModule } = await import('../../apps/intake-api/src/intake.module');
  const { INTAKE_API_DOCUMENT } = await import('../../apps/intake-api/src/intake.openapi');
  const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
  const { DESK_API_DOCUMENT } = await import('../../apps/desk/src/desk.openapi');
  return {
    partner: await buildDocument(IntakeModule, INTAKE_API_DOCUMENT),
    staff: await buildDocument(DeskAppModule, DESK_API_DOCUMENT),
  };
}

async function buildDocument(module: Type<unknown>, options: ApiDocumentOptions): Promise<OpenAPIObject> {
  const app: INestApplicationContext = await NestFactory.create(module, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  try {
    return await createApiDocument(app, options);
  } finally {
    await app.close();
  }
}
