import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditFilter, AuditLogRepository, ChainCheck, verifyAuditChain } from '@app/audit';

export type { AuditFilter };

/** The audit trail for administrators, newest last, paged by sequence number; and the chain check. */
@Injectable()
export class ReadAuditUseCase {
  // The one audit_log repository (libs/audit) is stateless: it reads through the desk's pool.
  private readonly log = new AuditLogRepository();

  constructor(private readonly ds: DataSource) {}

  async list(q: AuditFilter) {
    const limit = q.limit === undefined ? 200 : Number(q.limit);
    const entries = await this.log.list(this.ds, q, limit);
    return { entries, nextAfterSeq: entries.length === limit ? entries[entries.length - 1].seq : null };
  }

  verify(): Promise<ChainCheck> {
    return verifyAuditChain(this.ds);
  }
}
