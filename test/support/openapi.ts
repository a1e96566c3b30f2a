import { INestApplication, Type } from '@nestjs/common';
import { ApiDocumentOptions, createHttpApp } from '@app/http';
import { IntakeModule } from '../../apps/intake-api/src/intake.module';
import { INTAKE_API_DOCUMENT } from '../../apps/intake-api/src/intake.openapi';
import type { RunningApp } from './apps';

/**
 * Where an app serves its OpenAPI document. The one place tests learn it: if the document moves (another
 * port, another path), change this line.
 */
export const documentUrl = (app: RunningApp): string => `${app.url}/docs-json`;

export async function fetchDocument(app: RunningApp): Promise<OpenApiDocument> {
  const res = await fetch(documentUrl(app));
  if (res.status !== 200) throw new Error(`${documentUrl(app)} answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/** An app as main.ts boots it, serving its document (test/support/apps.ts starts them without). */
async function startDocumented(module: Type<unknown>, options: ApiDocumentOptions): Promise<RunningApp> {
  const app: INestApplication = await createHttpApp(module, options);
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return { app, url, close: () => app.close() };
}

export const startDocumentedIntake = () => startDocumented(IntakeModule, INTAKE_API_DOCUMENT);

export const startDocumentedDesk = async () => {
  const { DeskAppModule } = await import('../../apps/desk/src/desk-app.module');
  const { DESK_API_DOCUMENT } = await import('../../apps/desk/src/desk.openapi');
  return startDocumented(DeskAppModule, DESK_API_DOCUMENT);
};

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean; schema?: object }[];
  requestBody?: { content?: Record<string, MediaType> };
  responses: Record<string, { content?: Record<string, MediaType> }>;
  'x-staff-roles'?: string[];
}
export interface MediaType {
  schema?: { $ref?: string; type?: string };
  example?: unknown;
  examples?: Record<string, { value: unknown; summary?: string }>;
}
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, object>; securitySchemes?: Record<string, object> };
  servers?: { url: string }[];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/** Every operation of a document, with its method and path. */
export function operationsOf(doc: OpenApiDocument) {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => HTTP_METHODS.includes(method))
      .map(([method, op]) => ({ method, path, op })),
  );
}
