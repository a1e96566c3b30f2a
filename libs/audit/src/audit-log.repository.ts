import { DataSource, EntityManager } from 'typeorm';

/** An audit_log row as stored (snake_case, as its HMAC is computed over it by fieldsOfRow). */
export interface AuditLogRow {
  seq: string;
  at: Date;
  actor: string;
  actor_role: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  child_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/** An entry to append, its hash computed by the caller. */
export interface NewAuditLogRow {
  seq: string;
  at: string;
  actor: string;
  actorRole: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  childId: string | null;
  details: unknown;
  prevHash: string;
  hash: string;
}

/** The audit list's filters, validated (the desk's AuditQuery documents and checks them). */
export interface AuditFilter {
  actor?: string;
  action?: string;
  childId?: string;
  subjectId?: string;
  /** Entries after this sequence number (paging forward). */
  afterSeq?: string;
  limit?: string;
}

/** One audit entry as administrators read it. */
export type AuditEntryView = Omit<NewAuditLogRow, 'at'> & { at: string };

const CHAIN_LOCK = 'front-door:audit-chain';

/** The HMAC-chained audit_log table. Stateless: appends run in the caller's transaction. */
export class AuditLogRepository {
  /** Serialises appends until the caller's commit, so the chain has one order. */
  async lockChain(m: EntityManager): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [CHAIN_LOCK]);
  }

  /** The last entry's sequence number and hash, or null for an empty chain. */
  async head(m: EntityManager): Promise<{ seq: string; hash: string } | null> {
    const [last]: { seq: string; hash: string }[] = await m.query(
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    return last ?? null;
  }

  async append(m: EntityManager, e: NewAuditLogRow): Promise<void> {
    await m.query(
      `INSERT INTO audit_log (seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      [
        e.seq,
        e.at,
        e.actor,
        e.actorRole,
        e.action,
        e.subjectType,
        e.subjectId,
        e.childId,
        JSON.stringify(e.details),
        e.prevHash,
        e.hash,
      ],
    );
  }

  /** The committed head with the database's name (for a checkpoint), or null for an empty chain. */
  async committedHead(ds: DataSource): Promise<{ database: string; seq: string; hash: string } | null> {
    const [head]: { database: string; seq: string; hash: string }[] = await ds.query(
      'SELECT current_database() AS database, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    );
    return head ?? null;
  }

  async databaseName(ds: DataSource): Promise<string> {
    const [{ database }]: { database: string }[] = await ds.query('SELECT current_database() AS database');
    return database;
  }

  /** Up to `limit` entries from `fromSeq` on, in order. */
  async page(ds: DataSource, fromSeq: string, limit: number): Promise<AuditLogRow[]> {
    return ds.query(
      `SELECT seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash
         FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
      [fromSeq, limit],
    );
  }

  /** Entries matching the filter, in sequence order, at most `limit` (the administrators' audit list). */
  async list(ds: DataSource, q: AuditFilter, limit: number): Promise<AuditEntryView[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actor) add('actor = ?', q.actor);
    if (q.action) add('action = ?', q.action);
    if (q.subjectId) add('subject_id = ?', q.subjectId);
    if (q.childId) add('child_id = ?::uuid', q.childId);
    if (q.afterSeq !== undefined) add('seq > ?::bigint', q.afterSeq);
    params.push(limit);
    const rows: AuditLogRow[] = await ds.query(
      `SELECT seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    return rows.map((r) => ({
      seq: String(r.seq),
      at: new Date(r.at).toISOString(),
      actor: r.actor,
      actorRole: r.actor_role,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      childId: r.child_id,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }
}
