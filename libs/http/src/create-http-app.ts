import { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { ApiDocumentOptions, createApiDocument } from './openapi-document';
import { ProblemDetailsFilter } from './problem-details.filter';

export interface HttpAppOptions extends ApiDocumentOptions {
  /**
   * Serve the OpenAPI document at /docs-json (integrators generate clients from it; it describes the API,
   * never data). The Swagger UI page is not served on the service's ports.
   */
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
  app.use(securityHeaders());
  // Children's records and tokens must not be kept by browsers or proxies.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/v1')) res.setHeader('Cache-Control', 'no-store');
    next();
  });
  if (options.openApi !== false) {
    const document = await createApiDocument(app, options);
    SwaggerModule.setup('docs', app, document, { ui: false, raw: ['json'] });
  }
  return app;
}

/**
 * helmet's headers: a CSP whose scripts come from our own origin only (no inline script, no handler
 * attributes: the pages keep their code in .js files), HSTS, nosniff, no referrer, no framing.
 */
export function securityHeaders() {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        'default-src': ["'self'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'connect-src': ["'self'"],
        'img-src': ["'self'", 'data:'],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
