import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/auth';
import { NotFoundError } from '@app/contracts';
import { ContactView, ContactViewsRepository, PartnerContactView } from './contact-views.repository';
import { StaffReadAudit } from './staff-read-audit';

/**
 * Reading a contact: a partner sees only what it sent and its outcome (another partner's contact does not
 * exist for it); duty staff see the decision, and every staff read is audited.
 */
@Injectable()
export class ReadContactUseCase {
  constructor(
    private readonly contacts: ContactViewsRepository,
    private readonly audit: StaffReadAudit,
  ) {}

  async execute(id: string, reader: Principal): Promise<PartnerContactView | ContactView> {
    if (reader.kind === 'partner') {
      const own = await this.contacts.forPartner(id, reader.partnerId);
      if (!own) throw new NotFoundError('No such contact');
      return own;
    }
    const view = await this.contacts.forStaff(id);
    if (!view) throw new NotFoundError('No such contact');
    await this.audit.recordRead(reader, view.id, view.childId ?? null);
    return view;
  }
}
