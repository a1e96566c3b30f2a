import type { ApiDocumentOptions } from '@app/http';

/** The staff API's document (served at /docs-json, and the source of libs/sdk's staff types). */
export const DESK_API_DOCUMENT: ApiDocumentOptions = {
  title: 'Front door: staff API',
  description: 'Duty desk, child records, criteria, placement requests, alerts and insights (staff roles).',
  servers: [{ url: 'http://localhost:3001', description: 'A local front door (npm start)' }],
};
