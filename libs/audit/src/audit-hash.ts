import { createHmac, timingSafeEqual } from 'node:crypto';

export const GENESIS = '0'.repeat(64);

/** What an entry's hash covers, exactly as it reads back from the database. */
export interface HashedFields {
  seq: string;
  /** ISO 8601, milliseconds, UTC. */
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  childId: string | null;
  details: unknown;
}

/**
 * JSON with every object's keys sorted (recursively), so the text hashed at append time and the text hashed
 * at verify time agree whatever order `jsonb` gives the keys back in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(',')}}`;
}

/** The details as `jsonb` will store them: Dates as strings, undefined members dropped. */
export function storedDetails(details: unknown): unknown {
  return JSON.parse(JSON.stringify(details ?? {}));
}

/** HMAC-SHA256, keyed outside the database, over the previous hash and the entry's canonical text. */
export function entryHmac(key: string, prev: string, f: HashedFields): string {
  const canonical = canonicalJson([
    f.seq,
    f.at,
    f.actor,
    f.actorRole,
    f.action,
    f.subjectType,
    f.subjectId,
    f.childId ? f.childId.toLowerCase() : null,
    f.details ?? {},
  ]);
  return createHmac('sha256', key).update(prev).update('\n').update(canonical).digest('hex');
}

export function fieldsOfRow(r: any): HashedFields {
  return {
    seq: String(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    actorRole: r.actor_role ?? null,
    action: r.action,
    subjectType: r.subject_type,
    subjectId: r.subject_id ?? null,
    childId: r.child_id ?? null,
    details: r.details,
  };
}

export function sameHex(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
