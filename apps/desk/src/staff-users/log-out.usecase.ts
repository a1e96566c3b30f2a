import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { StaffPrincipal, StaffTokens } from '@app/auth';

/** Ends this token now (not just when it expires), audited. */
@Injectable()
export class LogOutUseCase {
  constructor(
    private readonly tokens: StaffTokens,
    private readonly audit: AuditTrail,
  ) {}

  async execute(session: StaffPrincipal): Promise<void> {
    await this.tokens.revoke(session);
    await this.audit.record({
      actor: session.username,
      actorRole: session.role,
      action: 'logout',
      subjectType: 'staff_user',
      subjectId: session.userId,
    });
  }
}
