import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type {
  components as PartnerComponents,
  operations as PartnerOperations,
  paths as PartnerPaths,
} from './generated/partner';
import type {
  components as StaffComponents,
  operations as StaffOperations,
  paths as StaffPaths,
} from './generated/staff';

/**
 * The front door's typed SDK: the types are generated from the apps' OpenAPI documents
 * (libs/sdk/openapi/*.json, `npm run sdk`) by openapi-typescript; the runtime is openapi-fetch, a few
 * kilobytes over the platform's fetch, so the same client runs in a browser and in Node 20.
 *
 * Every call answers `{ data, error, response }`: `data` typed by the documented success response,
 * `error` by the documented problem (RFC 9457 problem details with `errors[]`).
 */
export type {
  PartnerComponents,
  PartnerOperations,
  PartnerPaths,
  StaffComponents,
  StaffOperations,
  StaffPaths,
};

export type PartnerClient = Client<PartnerPaths>;
export type StaffClient = Client<StaffPaths>;
/** RFC 9457 problem details, as every error of both APIs is written. */
export type ProblemDetails = PartnerComponents['schemas']['ProblemDetailsDto'];
export type FieldError = PartnerComponents['schemas']['FieldErrorDto'];

type Fetch = NonNullable<ClientOptions['fetch']>;

export interface PartnerClientOptions {
  /** Where the partner API is, e.g. https://front-door.example.gov.uk (no /v1). */
  baseUrl: string;
  /** The partner's API key (`npm run partners`). */
  apiKey: string;
  fetch?: Fetch;
}

/** A client of the partner API (intake-api, port 3000 locally), authenticated with a partner key. */
export function createPartnerClient({ baseUrl, apiKey, fetch }: PartnerClientOptions): PartnerClient {
  return createClient<PartnerPaths>({
    baseUrl,
    ...(fetch ? { fetch } : {}),
    headers: { Authorization: `Bearer ${apiKey}` },
  });
}

export interface StaffClientOptions {
  /** Where the staff API is (desk, port 3001 locally). In a browser served by the desk: its origin. */
  baseUrl: string;
  /** A staff access token from logIn; or getToken, asked before every request (a refreshed token). */
  token?: string;
  getToken?: () => string | undefined | null | Promise<string | undefined | null>;
  fetch?: Fetch;
}

/** A client of the staff API. Without a token only logIn (and the health checks) will answer 2xx. */
export function createStaffClient({ baseUrl, token, getToken, fetch }: StaffClientOptions): StaffClient {
  const client = createClient<StaffPaths>({ baseUrl, ...(fetch ? { fetch } : {}) });
  client.use({
    async onRequest({ request }) {
      const current = token ?? (await getToken?.());
      if (current && !request.headers.has('Authorization')) {
        request.headers.set('Authorization', `Bearer ${current}`);
      }
      return request;
    },
  });
  return client;
}
