import type { ApiDocumentOptions } from '@app/http';

/** The partner API's document (served at /docs-json, and the source of libs/sdk's partner types). */
export const INTAKE_API_DOCUMENT: ApiDocumentOptions = {
  title: 'Front door: partner API',
  description: 'Partners submit contacts about children and read back their decisions (contract v1).',
  servers: [{ url: 'http://localhost:3000', description: 'A local front door (npm start)' }],
};
