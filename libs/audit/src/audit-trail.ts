import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export interface AuditEntry {
  actor: string;
  actorRole?: string | null;
  /** e.g. `login`, `login_failed`, `child.read`, `contact.read`, `decision.confirm`, `decision.override`. */
  action: string;
  subjectType: string;
  subjectId?: string | null;
  childId?: string | null;
  /** Never a child's name, date of birth or identifiers: ids and codes only. */
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const CHAIN_LOCK = 'front-door:audit-chain';

function entryHash(prev: string, seq: string, at: string, e: AuditEntry): string {
  const canonical = JSON.stringify([
    seq,
    at,
    e.actor,
    e.actorRole ?? null,
    e.action,
    e.subjectType,
    e.subjectId ?? null,
    e.childId ?? null,
    e.details ?? {},
  ]);
  return createHash('sha256').update(prev).update(canonical).digest('hex');
}

/**
 * Appends to the hash-chained audit trail. Appends are serialised by an advisory lock so the chain has one
 * order; pass the caller's transaction manager to record the entry with the change it describes.
 */
export async function appendAudit(
  db: EntityManager | DataSource,
  entry: AuditEntry,
  at = new Date(),
): Promise<void> {
  const run = async (m: EntityManager) => {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [CHAIN_LOCK]);
    const [last]: { seq: string; hash: string }[] = await m.query(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    const seq = String(last ? BigInt(last.seq) + 1n : 1n);
    const prev = last?.hash ?? GENESIS;
    const atIso = at.toISOString();
    await m.query(
      `INSERT INTO audit_log (seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        seq,
        atIso,
        entry.actor,
        entry.actorRole ?? null,
        entry.action,
        entry.subjectType,
        entry.subjectId ?? null,
        entry.childId ?? null,
        JSON.stringify(entry.details ?? {}),
        prev,
        entryHash(prev, seq, atIso, entry),
      ],
    );
  };
  if (db instanceof DataSource) await db.transaction(run);
  else await run(db);
}

export interface ChainCheck {
  ok: boolean;
  entries: number;
  /** The first entry whose hash or link does not hold. */
  brokenAt?: string;
}

/** Recomputes every hash in order: any edited, removed or inserted entry breaks the chain. */
export async function verifyAuditChain(ds: DataSource): Promise<ChainCheck> {
  const rows: any[] = await ds.query('SELECT * FROM audit_log ORDER BY seq');
  let prev = GENESIS;
  let expectedSeq = 1n;
  for (const r of rows) {
    const entry: AuditEntry = {
      actor: r.actor,
      actorRole: r.actor_role,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      childId: r.child_id,
      details: r.details,
    };
    const at = new Date(r.at).toISOString();
    if (
      BigInt(r.seq) !== expectedSeq ||
      r.prev_hash !== prev ||
      r.hash !== entryHash(prev, String(r.seq), at, entry)
    ) {
      return { ok: false, entries: rows.length, brokenAt: String(r.seq) };
    }
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, entries: rows.length };
}
