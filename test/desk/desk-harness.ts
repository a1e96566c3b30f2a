import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole } from '@app/auth';
import { CHILD_DATE_OF_BIRTH, isolateTestFile } from '@app/testing';
import { StaffUserAdmin } from '../../apps/desk/src/staff-users/staff-user-admin';
import { RunningApp, startDesk } from '../support/apps';

let seq = 0;

/** A staff user of the test's own (unique name), logged in: its username and bearer token. */
export async function staffUser(
  desk: RunningApp,
  role: StaffRole,
  password = 'a-long-test-password',
): Promise<{ username: string; token: string; password: string }> {
  const username = `${role.replace(/_/g, '-')}-${process.pid}-${seq++}-${Date.now().toString(36)}`;
  await new StaffUserAdmin(desk.app.get(DataSource)).create(username, role, password);
  const token = await login(desk, username, password);
  return { username, token, password };
}

/** The test file's own database and a desk on it, with one logged-in staff user of `role`. */
export async function startDeskWith(role: StaffRole): Promise<{
  desk: RunningApp;
  ds: DataSource;
  user: { username: string; token: string; password: string };
}> {
  isolateTestFile();
  const desk = await startDesk();
  return { desk, ds: desk.app.get(DataSource), user: await staffUser(desk, role) };
}

export async function login(desk: RunningApp, username: string, password: string): Promise<string> {
  const res = await fetch(`${desk.url}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** A JSON call to the desk with a bearer token; resolves to status and parsed body. */
export async function call(
  desk: RunningApp,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${desk.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

let partnerId: string | null = null;

export interface SeedItem {
  dueAt: Date;
  priority?: string;
  needLevel?: number;
  route?: string;
  team?: string | null;
  locality?: string;
  receivedAt?: Date;
  childId?: string;
  claimedBy?: string | null;
  claimedAt?: Date | null;
  /** The partner that sent it (default: one partner shared by the file's items). */
  partnerId?: string;
}

const RANK: Record<string, number> = {
  IMMEDIATE: 0,
  SAME_DAY: 1,
  ONE_WORKING_DAY: 2,
  THREE_WORKING_DAYS: 3,
  FIVE_WORKING_DAYS: 4,
};

/**
 * Puts a triaged contact on the desk directly in Postgres (contact, child, current decision, desk item), as
 * triage would have left it: for tests of the desk's rules that need exact due times and priorities.
 */
export async function seedItem(ds: DataSource, s: SeedItem): Promise<{ contactId: string; childId: string }> {
  if (!partnerId) {
    partnerId = randomUUID();
    await ds.query(`INSERT INTO partners (id, name, agency) VALUES ($1, $2, 'school')`, [
      partnerId,
      `desk-test-${partnerId}`,
    ]);
  }
  const contactId = randomUUID();
  const childId = s.childId ?? randomUUID();
  if (!s.childId) await ds.query('INSERT INTO children (id) VALUES ($1)', [childId]);
  const priority = s.priority ?? 'THREE_WORKING_DAYS';
  const needLevel = s.needLevel ?? 2;
  const route = s.route ?? 'LOCALITY_EARLY_HELP';
  const team = s.team === undefined ? 'LOCALITY_NORTH' : s.team;
  const locality = s.locality ?? 'NORTH';
  const receivedAt = s.receivedAt ?? new Date(Date.now() - 3600_000);
  const body = {
    source: { agency: 'school', cinCode: '2A', organisation: 'Test School' },
    child: { firstName: 'Test', lastName: `Child${seq++}`, dateOfBirth: CHILD_DATE_OF_BIRTH },
    concerns: {
      indicators: ['attendance_persistent_absence'],
      summary: 'Test.',
      immediateRisk: false,
      allegedPerpetratorHasAccess: false,
    },
    consent: 'given',
  };
  await ds.query(
    `INSERT INTO contacts (id, partner_id, idempotency_key, request_hash, received_at, agency, cin_code, source_group,
                           locality, body, last_name_norm, birth_date, child_id, status)
     VALUES ($1,$2,$3,'h',$4,'school','2A','education',$5,$6,$7,$9,$8,'triaged')`,
    [
      contactId,
      s.partnerId ?? partnerId,
      contactId,
      receivedAt,
      locality,
      JSON.stringify(body),
      body.child.lastName.toLowerCase(),
      childId,
      CHILD_DATE_OF_BIRTH,
    ],
  );
  await ds.query(
    `INSERT INTO decisions (id, contact_id, child_id, triggered_by, triaged_at, criteria_version, need_level, route, team,
                            priority, due_at, strategy_discussion, consent_required, reasons, picture, history,
                            linked_contact_ids, possible_matches, is_current)
     VALUES ($1,$2,$3,$2,$4,'2026-1',$5,$6,$7,$8,$9,false,false,$10,'{}',0,'[]','[]',true)`,
    [
      randomUUID(),
      contactId,
      childId,
      receivedAt,
      needLevel,
      route,
      team,
      priority,
      s.dueAt,
      JSON.stringify([{ code: 'indicator:attendance_persistent_absence', text: 'Persistent absence' }]),
    ],
  );
  await ds.query(
    `INSERT INTO desk_items (contact_id, child_id, need_level, route, team, locality, priority, priority_rank, due_at,
                             claimed_by, claimed_at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
    [
      contactId,
      childId,
      needLevel,
      route,
      team,
      locality,
      priority,
      RANK[priority],
      s.dueAt,
      s.claimedBy ?? null,
      s.claimedAt ?? (s.claimedBy ? new Date() : null),
    ],
  );
  return { contactId, childId };
}

export const minutesFromNow = (m: number) => new Date(Date.now() + m * 60_000);
