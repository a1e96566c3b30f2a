import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { Principal } from '@app/auth';

/** Every read of a child's record by staff is audited. */
@Injectable()
export class StaffReadAudit {
  constructor(private readonly dataSource: DataSource) {}

  async recordRead(
    principal: Principal & { kind: 'staff' },
    contactId: string,
    childId: string | null,
  ): Promise<void> {
    await appendAudit(this.dataSource, {
      actor: principal.username,
      actorRole: principal.role,
      action: 'contact.read',
      subjectType: 'contact',
      subjectId: contactId,
      childId,
    });
  }
}
