import { createStaffClient, type StaffPaths } from '@app/sdk';
import { navigate } from './router';
import { signOut, token } from './session';

/** An RFC 9457 problem from the API, with every field at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly errors: { path?: string; message: string }[],
  ) {
    super(detail ?? title);
  }
}

/** The typed staff client (libs/sdk, generated from the desk's OpenAPI document), with this worker's token. */
const client = createStaffClient({ baseUrl: location.origin, getToken: token });

/** How many times a read is asked when the desk answers 503. */
const READ_ATTEMPTS = 3;

interface Init {
  query?: object;
  path?: Record<string, string>;
  body?: unknown;
  /** How to read a success: JSON unless said (a CSV download is text). */
  parseAs?: 'text';
}

/**
 * One call through the SDK: paths are checked against the OpenAPI document; answers resolve to their data and
 * problems reject as ApiError. A 401 (expired or revoked token) sends the worker to sign in again.
 */
export async function send<T>(
  method: 'GET' | 'POST' | 'PATCH',
  url: keyof StaffPaths,
  init: Init = {},
): Promise<T> {
  // Until the document declares each route's parameters and bodies, they pass untyped (issue 15 adds them).
  const options = {
    params: { query: init.query, path: init.path },
    ...(init.body !== undefined ? { body: init.body } : {}),
    ...(init.parseAs ? { parseAs: init.parseAs } : {}),
  } as never;
  let result: { data?: unknown; error?: unknown; response: Response };
  for (let attempt = 1; ; attempt++) {
    try {
      result = await (method === 'GET'
        ? client.GET(url as never, options)
        : method === 'PATCH'
          ? client.PATCH(url as never, options)
          : client.POST(url as never, options));
    } catch {
      throw new ApiError(0, 'The desk could not be reached', 'Check the connection and try again.', []);
    }
    // A read refused for a moment (503: the database busy or restarting) is asked again after the
    // Retry-After the desk gives, a few times, before the worker sees an error. Changes are never repeated.
    if (method !== 'GET' || result.response.status !== 503 || attempt >= READ_ATTEMPTS) break;
    const after = Number(result.response.headers.get('Retry-After'));
    await new Promise((r) => setTimeout(r, Math.min(after > 0 ? after : 1, 10) * 1000));
  }
  const { response } = result;
  if (response.status === 401 && url !== '/v1/auth/login') {
    signOut();
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  }
  if (!response.ok) {
    const problem = (result.error ?? {}) as { title?: string; detail?: string; errors?: unknown };
    throw new ApiError(
      response.status,
      problem.title ?? `The desk answered ${response.status}`,
      problem.detail,
      Array.isArray(problem.errors) ? problem.errors : [],
    );
  }
  return result.data as T;
}

export interface QueueRow {
  contactId: string;
  childId: string;
  receivedAt: string;
  agency: string;
  needLevel: number;
  route: string;
  team: string | null;
  locality: string;
  priority: string;
  dueAt: string;
  state: string;
  overdue: boolean;
  claimedBy: string | null;
  claimedAt: string | null;
  childName: string;
  childAge: number | null;
  unborn: boolean;
  organisation: string | null;
  concernFirstLine: string;
}

export interface QueuePage {
  items: QueueRow[];
  total: number;
  /** More items match than were counted (a filter taking in closed items): total is a lower bound. */
  totalCapped?: boolean;
  nextCursor: string | null;
}

export interface QueueQuery {
  status?: string;
  level?: string;
  route?: string;
  locality?: string;
  team?: string;
  overdue?: string;
  claimedBy?: string;
  after?: string;
  limit?: string;
}

export interface Reason {
  code: string;
  text: string;
}

export interface DutyDecision {
  id: string;
  kind: string;
  by: string;
  role: string;
  at: string;
  recommended: { needLevel: number; route: string; team: string | null } | null;
  decided: { needLevel: number | null; route: string | null; team: string | null };
  reason: string | null;
  outcome: string | null;
  cinNoFurtherAction: boolean | null;
}

export interface ItemDetail {
  item: Omit<QueueRow, 'childName' | 'childAge' | 'unborn' | 'organisation' | 'concernFirstLine'>;
  recommendation: {
    decisionId: string;
    triagedAt: string;
    criteriaVersion: string;
    needLevel: number;
    route: string;
    team: string | null;
    priority: string;
    dueAt: string;
    strategyDiscussion: boolean;
    consentRequired: boolean;
    reasons: Reason[];
  } | null;
  dutyDecisions: DutyDecision[];
  notes: { id: string; author: string; text: string; at: string }[];
}

/** A child's identity as a contact sent it (contact-api.md). */
export interface ChildIdentity {
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  gender?: string;
  nhsNumber?: string;
  upn?: string;
  address?: { line1?: string; town?: string; postcode?: string };
  [key: string]: unknown;
}

export interface ChildContact {
  id: string;
  receivedAt: string;
  status: string;
  imported: boolean;
  agency: string;
  locality: string;
  sentBy: {
    partner: string;
    organisation: string | null;
    referrer: { name?: string; role?: string; phone?: string; email?: string } | null;
  };
  child: ChildIdentity;
  concerns: {
    indicators?: string[];
    summary?: string;
    immediateRisk?: boolean;
    allegedPerpetratorHasAccess?: boolean;
  };
  consent: string;
  occurredAt: string | null;
  deskItem: {
    state: string;
    needLevel: number;
    route: string;
    priority: string;
    dueAt: string;
    claimedBy: string | null;
  } | null;
  decisions: {
    id: string;
    current: boolean;
    triagedAt: string;
    needLevel: number;
    route: string;
    priority: string;
    reasons: Reason[];
    history: number;
  }[];
  dutyDecisions: DutyDecision[];
  notes: { id: string; author: string; text: string; at: string }[];
}

export interface PossibleMatch {
  contactId: string;
  reason: string;
  foundBy: string;
  childId: string;
  receivedAt: string;
  agency: string;
  sentBy: string;
  child: ChildIdentity;
}

export interface ChildRecord {
  childId: string;
  contacts: ChildContact[];
  possibleMatches: PossibleMatch[];
}

const item = (contactId: string) => ({ contactId });

export const api = {
  login: (username: string, password: string) =>
    send<{ accessToken: string; role: string }>('POST', '/v1/auth/login', { body: { username, password } }),
  logout: () => send<void>('POST', '/v1/auth/logout'),
  queue: (q: QueueQuery) => send<QueuePage>('GET', '/v1/queue', { query: q }),
  claimNext: (filter: { team?: string; locality?: string }) =>
    send<QueueRow>('POST', '/v1/queue/claim-next', { body: filter }),
  item: (id: string) => send<ItemDetail>('GET', '/v1/queue/{contactId}', { path: item(id) }),
  claim: (id: string) => send<unknown>('POST', '/v1/queue/{contactId}/claim', { path: item(id) }),
  release: (id: string) => send<unknown>('POST', '/v1/queue/{contactId}/release', { path: item(id) }),
  confirm: (id: string, note?: string) =>
    send<unknown>('POST', '/v1/queue/{contactId}/confirm', { path: item(id), body: { note } }),
  override: (id: string, body: { needLevel?: number; route?: string; team?: string; reason: string }) =>
    send<unknown>('POST', '/v1/queue/{contactId}/override', { path: item(id), body }),
  close: (
    id: string,
    body: { outcome: string; cinNoFurtherAction: boolean; primaryNeed?: string; note?: string },
  ) => send<unknown>('POST', '/v1/queue/{contactId}/close', { path: item(id), body }),
  note: (id: string, text: string) =>
    send<unknown>('POST', '/v1/queue/{contactId}/notes', { path: item(id), body: { text } }),
  child: (id: string) => send<ChildRecord>('GET', '/v1/children/{childId}', { path: { childId: id } }),
  confirmMatch: (childId: string, contactId: string, reason: string) =>
    send<unknown>('POST', '/v1/children/{childId}/possible-matches/{contactId}/confirm', {
      path: { childId, contactId },
      body: { reason },
    }),
  rejectMatch: (childId: string, contactId: string, reason: string) =>
    send<unknown>('POST', '/v1/children/{childId}/possible-matches/{contactId}/reject', {
      path: { childId, contactId },
      body: { reason },
    }),
};
