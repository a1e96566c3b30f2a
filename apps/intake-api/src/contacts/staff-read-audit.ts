import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { Principal } from '@app/auth';

/** Every read of a child's record by staff is audited. */
@Injectable()
export class StaffReadAudit {
  constructor(private readonly audit: AuditTrail) {}

  async recordRead(
    principal: Principal & { kind: 'staff' },
    contactId: string,
    childId: string | null,
  ): Promise<void> {
    await this.audit.record({
      actor: principal.username,
      actorRole: principal.role,
      action: 'contact.read',
      subjectType: 'contact',
      subjectId: contactId,
      childId,
    });
  }
}
