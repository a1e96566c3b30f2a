import { NotFoundError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { CriteriaRegistry } from '@app/criteria';
import type { Actor } from '../actor';
import { londonDate, suggestPrimaryNeed } from './referral-codes';
import { ReferralRecorder } from './referral-recorder';
import { ReferralsRepository } from './referrals.repository';

/**
 * What closing a desk item would do for the returns, so the close form can offer it: the county's referral
 * outcomes, the primary need the criteria suggest from the contact's picture, and the child's referral this
 * contact would join (null: a referral outcome makes a new one). Reading it is a read of the child's record.
 */
@Injectable()
export class ReferralPreviewUseCase {
  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly audit: AuditTrail,
    private readonly recorder: ReferralRecorder,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(contactId: string, actor: Actor) {
    const m = this.referrals.manager;
    const c = await this.referrals.contactForReferral(m, contactId, { onDesk: true });
    if (!c?.childId) throw new NotFoundError('No such item on the desk');
    const referralDate = londonDate(new Date(c.receivedAt));
    const open = await this.referrals.openReferral(m, c.childId, referralDate);
    await this.audit.record({
      actor: actor.username,
      actorRole: actor.role,
      action: 'referral.preview',
      subjectType: 'contact',
      subjectId: contactId,
      childId: c.childId,
    });
    return {
      contactId,
      referralOutcomes: [...this.recorder.outcomes],
      referralDate,
      suggestedPrimaryNeed: suggestPrimaryNeed(this.criteria.current(), c.indicators),
      joins: open
        ? { referralId: open.id, referralDate: open.referralDate, primaryNeed: open.primaryNeed }
        : null,
    };
  }
}
