import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface HttpAppOptions {
  title: string;
  description: string;
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
    const doc = new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description)
      .addBearerAuth()
      .build();
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, doc));
  }
  return app;
}
