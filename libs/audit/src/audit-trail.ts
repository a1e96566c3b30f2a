import { createHmac } from 'node:crypto';
import { appendFileSync, closeSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { installationSecrets, stateDirectory } from '@app/config';
import { GENESIS, entryHmac, fieldsOfRow, sameHex, storedDetails } from './audit-hash';
import { AuditLogRepository } from './audit-log.repository';

const auditLog = new AuditLogRepository();

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

/** Checkpoints are written at most this often per process (and at every verify). */
const CHECKPOINT_INTERVAL_MS = 1000;
export const VERIFY_PAGE_SIZE = 5000;

interface AuditSettings {
  hmacKey: string;
  stateDir: string;
}
let settings: AuditSettings | null = null;

/**
 * The HMAC key and the state directory (for the checkpoint file). Both come from the installation (the
 * environment, or the installation's secrets file), as AppConfig reads them; never from the database.
 */
export function configureAuditTrail(s: { AUDIT_HMAC_KEY: string; FRONT_DOOR_STATE_DIR: string }): void {
  settings = { hmacKey: s.AUDIT_HMAC_KEY, stateDir: s.FRONT_DOOR_STATE_DIR };
}

function auditSettings(): AuditSettings {
  if (!settings)
    settings = {
      hmacKey: installationSecrets(process.env).AUDIT_HMAC_KEY,
      stateDir: stateDirectory(process.env),
    };
  if (!settings.hmacKey) throw new Error('AUDIT_HMAC_KEY is not set');
  return settings;
}

/** The HMAC key (for the migration that re-chains rows hashed before the key was used). */
export function auditHmacKey(): string {
  return auditSettings().hmacKey;
}

/**
 * Appends to the HMAC-chained audit trail. Appends are serialised by an advisory lock so the chain has one
 * order; pass the caller's transaction manager to record the entry with the change it describes.
 */
export async function appendAudit(
  db: EntityManager | DataSource,
  entry: AuditEntry,
  at = new Date(),
): Promise<void> {
  const { hmacKey } = auditSettings();
  const run = async (m: EntityManager) => {
    await auditLog.lockChain(m);
    const last = await auditLog.head(m);
    const seq = String(last ? BigInt(last.seq) + 1n : 1n);
    const prev = last?.hash ?? GENESIS;
    const atIso = at.toISOString();
    const details = storedDetails(entry.details);
    const hash = entryHmac(hmacKey, prev, {
      seq,
      at: atIso,
      actor: entry.actor,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      childId: entry.childId ?? null,
      details,
    });
    await auditLog.append(m, {
      seq,
      at: atIso,
      actor: entry.actor,
      actorRole: entry.actorRole ?? null,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId ?? null,
      childId: entry.childId ?? null,
      details,
      prevHash: prev,
      hash,
    });
  };
  if (db instanceof DataSource) {
    await db.transaction(run);
    scheduleCheckpoint(db);
  } else {
    await run(db);
    // The caller's transaction commits later: the checkpoint reads the committed head after the interval.
    scheduleCheckpoint(db.connection);
  }
}

// ---- Checkpoints: the chain head, signed, in a file the database cannot rewrite ----

export interface Checkpoint {
  database: string;
  seq: string;
  hash: string;
  at: string;
  sig: string;
}

function checkpointSignature(key: string, c: Omit<Checkpoint, 'sig'>): string {
  return createHmac('sha256', key)
    .update(`front-door audit checkpoint\n${c.database}\n${c.seq}\n${c.hash}\n${c.at}`)
    .digest('hex');
}

export function checkpointFile(database: string): string {
  return path.join(auditSettings().stateDir, 'audit-checkpoints', `${database}.jsonl`);
}

const pending = new WeakMap<DataSource, NodeJS.Timeout>();

function scheduleCheckpoint(ds: DataSource): void {
  if (pending.has(ds)) return;
  const timer = setTimeout(() => {
    pending.delete(ds);
    if (ds.isInitialized) writeCheckpoint(ds).catch(() => undefined);
  }, CHECKPOINT_INTERVAL_MS);
  timer.unref();
  pending.set(ds, timer);
}

/** Signs the committed head of the chain and appends it to the installation's checkpoint file. */
export async function writeCheckpoint(ds: DataSource): Promise<Checkpoint | null> {
  const head = await auditLog.committedHead(ds);
  if (!head) return null;
  return appendCheckpoint(head.database, String(head.seq), head.hash);
}

function appendCheckpoint(database: string, seq: string, hash: string): Checkpoint {
  const { hmacKey } = auditSettings();
  const body = { database, seq, hash, at: new Date().toISOString() };
  const cp: Checkpoint = { ...body, sig: checkpointSignature(hmacKey, body) };
  const file = checkpointFile(database);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  appendFileSync(file, `${JSON.stringify(cp)}\n`, { mode: 0o600 });
  return cp;
}

/** The highest signed checkpoint among the file's last lines (it only grows; the tail holds the newest). */
export function latestCheckpoint(database: string): { checkpoint: Checkpoint | null; forged: boolean } {
  const { hmacKey } = auditSettings();
  let text = '';
  try {
    const fd = openSync(checkpointFile(database), 'r');
    try {
      const size = fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(length);
      readSync(fd, buf, 0, length, size - length);
      text = buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoint: null, forged: false };
    throw e;
  }
  let best: Checkpoint | null = null;
  let forged = false;
  for (const line of text.split('\n')) {
    let cp: Checkpoint;
    try {
      cp = JSON.parse(line);
    } catch {
      continue; // the first line of the tail may be cut
    }
    if (!cp || cp.database !== database || typeof cp.seq !== 'string') continue;
    const { sig, ...body } = cp;
    if (!sameHex(sig, checkpointSignature(hmacKey, body))) {
      forged = true;
      continue;
    }
    if (!best || BigInt(cp.seq) > BigInt(best.seq)) best = cp;
  }
  return { checkpoint: best, forged };
}

// ---- Verification ----

export interface ChainCheck {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The first entry whose hash or link does not hold (or the checkpoint's, when entries are missing). */
  brokenAt?: string;
  reason?: string;
}

/**
 * Recomputes every HMAC in order, a page at a time (constant memory): any edited, removed, inserted or
 * re-hashed entry breaks the chain; the newest signed checkpoint catches entries removed from the end. A
 * verify that holds writes a new checkpoint of the head it reached.
 */
export async function verifyAuditChain(ds: DataSource, pageSize = VERIFY_PAGE_SIZE): Promise<ChainCheck> {
  const { hmacKey } = auditSettings();
  const database = await auditLog.databaseName(ds);
  const { checkpoint, forged } = latestCheckpoint(database);
  if (forged) return { ok: false, checked: 0, reason: 'a checkpoint carries an invalid signature' };
  let prev = GENESIS;
  let expectedSeq = 1n;
  let checked = 0;
  let checkpointSeen = false;
  for (;;) {
    const rows = await auditLog.page(ds, String(expectedSeq), pageSize);
    for (const r of rows) {
      const seq = String(r.seq);
      const broken = (reason: string): ChainCheck => ({ ok: false, checked, brokenAt: seq, reason });
      if (BigInt(r.seq) !== expectedSeq) return broken(`entry ${expectedSeq} is missing`);
      if (r.prev_hash !== prev) return broken('the link to the previous entry does not hold');
      if (!sameHex(r.hash, entryHmac(hmacKey, prev, fieldsOfRow(r))))
        return broken("the entry's HMAC does not match its content");
      if (checkpoint && seq === checkpoint.seq) {
        if (r.hash !== checkpoint.hash) return broken('the entry differs from the signed checkpoint');
        checkpointSeen = true;
      }
      prev = r.hash;
      expectedSeq++;
      checked++;
    }
    if (rows.length < pageSize) break;
  }
  if (checkpoint && !checkpointSeen)
    return {
      ok: false,
      checked,
      brokenAt: checkpoint.seq,
      reason: `entries up to ${checkpoint.seq} were checkpointed but the chain ends at ${expectedSeq - 1n}`,
    };
  if (checked > 0) appendCheckpoint(database, String(expectedSeq - 1n), prev);
  return { ok: true, checked };
}
