import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ChainCheck, verifyAuditChain } from '@app/audit';
import { FieldError } from '@app/http';
import { isUuid, MalformedInputError } from '@app/contracts';

export interface AuditQuery {
  actor?: string;
  action?: string;
  childId?: string;
  subjectId?: string;
  /** Entries after this sequence number (paging forward). */
  afterSeq?: string;
  limit?: string;
}

/** The audit trail for administrators, newest last, paged by sequence number; and the chain check. */
@Injectable()
export class ReadAuditUseCase {
  constructor(private readonly ds: DataSource) {}

  async list(q: AuditQuery) {
    const errors: FieldError[] = [];
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.actor) add('actor = ?', q.actor);
    if (q.action) add('action = ?', q.action);
    if (q.subjectId) add('subject_id = ?', q.subjectId);
    if (q.childId) {
      if (!isUuid(q.childId)) errors.push({ path: 'childId', message: 'must be a uuid' });
      else add('child_id = ?::uuid', q.childId);
    }
    if (q.afterSeq !== undefined) {
      if (!/^\d{1,18}$/.test(q.afterSeq))
        errors.push({ path: 'afterSeq', message: 'must be a whole number' });
      else add('seq > ?::bigint', q.afterSeq);
    }
    const limit = q.limit === undefined ? 200 : Number(q.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      errors.push({ path: 'limit', message: 'must be a whole number from 1 to 1000' });
    if (errors.length) throw new MalformedInputError(errors);
    params.push(limit);
    const rows = await this.ds.query(
      `SELECT seq, at, actor, actor_role, action, subject_type, subject_id, child_id, details, prev_hash, hash
         FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq LIMIT $${params.length}`,
      params,
    );
    const entries = rows.map((r: any) => ({
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
    return { entries, nextAfterSeq: entries.length === limit ? entries[entries.length - 1].seq : null };
  }

  verify(): Promise<ChainCheck> {
    return verifyAuditChain(this.ds);
  }
}
