import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit, AuditEntry } from './audit-trail';

/**
 * The audit trail for an entry that stands alone (a read, a sign-out), in its own transaction. An entry that
 * belongs to a change is appended with `appendAudit(m, …)` in the change's own transaction instead.
 */
@Injectable()
export class AuditTrail {
  constructor(private readonly ds: DataSource) {}

  record(entry: AuditEntry): Promise<void> {
    return appendAudit(this.ds, entry);
  }
}
