import { Injectable } from '@nestjs/common';
import { ChainCheck } from '@app/audit';
import { AuditFilter, AuditLogRepository } from './audit-log.repository';

export type { AuditFilter };

/** The audit trail for administrators, newest last, paged by sequence number; and the chain check. */
@Injectable()
export class ReadAuditUseCase {
  constructor(private readonly log: AuditLogRepository) {}

  async list(q: AuditFilter) {
    const limit = q.limit === undefined ? 200 : Number(q.limit);
    const entries = await this.log.list(q, limit);
    return { entries, nextAfterSeq: entries.length === limit ? entries[entries.length - 1].seq : null };
  }

  verify(): Promise<ChainCheck> {
    return this.log.verify();
  }
}
