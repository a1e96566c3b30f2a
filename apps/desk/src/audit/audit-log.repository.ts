import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChainCheck, verifyAuditChain } from '@app/audit';

/** The audit list's filters, validated (AuditQuery documents and checks them). */
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
export interface AuditEntryView {
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

/** The audit trail as the desk's administrators read it (written only through libs/audit). */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly ds: DataSource) {}

  /** Entries matching the filter, in sequence order, at most `limit`. */
  async list(q: AuditFilter, limit: number): Promise<AuditEntryView[]> {
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
    const rows: {
      seq: string;
      at: Date;
      actor: string;
      actor_role: string | null;
      action: string;
      subject_type: string;
      subject_id: string | null;
      child_id: string | null;
      details: unknown;
      prev_hash: string;
      hash: string;
    }[] = await this.ds.query(
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

  verify(): Promise<ChainCheck> {
    return verifyAuditChain(this.ds);
  }
}
