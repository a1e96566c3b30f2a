import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiDocumentOptions, createApiDocument } from './openapi-document';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface HttpAppOptions extends ApiDocumentOptions {
  /** Serve OpenAPI at /docs (JSON at /docs-json). */
  openApi?: boolean;
}

/**
 * Builds an HTTP app the same way everywhere: pino logs, problem-details errors, a body limit, graceful
 * shutdown hooks and the OpenAPI document. The caller listens.
 */
export async function createHttpApp(
  module: Type<unknown>,
  options: HttpAppOptions,
): Promise<INestApplication> {
  const app = await NestFactory.create(module, { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  // Our own JSON parser, so that its errors (malformed JSON, too large) become problem details too.
  const express = await import('express');
  app.use(express.json({ limit: '256kb', type: ['application/json', 'application/*+json'] }));
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  (app.getHttpAdapter().getInstance() as { disable(s: string): void }).disable('x-powered-by');
  if (options.openApi !== false) {
    const document = await createApiDocument(app, options);
    SwaggerModule.setup('docs', app, document);
  }
  return app;
}
