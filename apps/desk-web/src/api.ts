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

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'The desk could not be reached', 'Check the connection and try again.', []);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (res.status === 401 && path !== '/v1/auth/login') {
    signOut();
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  }
  if (!res.ok)
    throw new ApiError(
      res.status,
      data?.title ?? `The desk answered ${res.status}`,
      data?.detail,
      Array.isArray(data?.errors) ? data.errors : [],
    );
  return data as T;
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

const query = (q: object) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `?${s}` : '';
};

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

export const api = {
  login: (username: string, password: string) =>
    request<{ accessToken: string; role: string }>('POST', '/v1/auth/login', { username, password }),
  logout: () => request<void>('POST', '/v1/auth/logout'),
  queue: (q: QueueQuery) => request<QueuePage>('GET', `/v1/queue${query(q)}`),
  claimNext: (filter: { team?: string; locality?: string }) =>
    request<QueueRow>('POST', '/v1/queue/claim-next', filter),
  item: (id: string) => request<ItemDetail>('GET', `/v1/queue/${id}`),
  claim: (id: string) => request<unknown>('POST', `/v1/queue/${id}/claim`),
  release: (id: string) => request<unknown>('POST', `/v1/queue/${id}/release`),
  confirm: (id: string, note?: string) => request<unknown>('POST', `/v1/queue/${id}/confirm`, { note }),
  override: (id: string, body: { needLevel?: number; route?: string; team?: string; reason: string }) =>
    request<unknown>('POST', `/v1/queue/${id}/override`, body),
  close: (id: string, body: { outcome: string; cinNoFurtherAction: boolean; note?: string }) =>
    request<unknown>('POST', `/v1/queue/${id}/close`, body),
  note: (id: string, text: string) => request<unknown>('POST', `/v1/queue/${id}/notes`, { text }),
  child: (id: string) => request<any>('GET', `/v1/children/${id}`),
};
