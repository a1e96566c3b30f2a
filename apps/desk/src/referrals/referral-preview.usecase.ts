import { NotFoundError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { CriteriaRegistry } from '@app/criteria';
import type { Actor } from '../actor';
import { londonDate, suggestPrimaryNeed } from './referral-codes';
import { ReferralRecorder } from './referral-recorder';

/**
 * What closing a desk item would do for the returns, so the close form can offer it: the county's referral
 * outcomes, the primary need the criteria suggest from the contact's picture, and the child's referral this
 * contact would join (null: a referral outcome makes a new one). Reading it is a read of the child's record.
 */
@Injectable()
export class ReferralPreviewUseCase {
  constructor(
    private readonly ds: DataSource,
    private readonly recorder: ReferralRecorder,
    private readonly criteria: CriteriaRegistry,
  ) {}

  async execute(contactId: string, actor: Actor) {
    const [c]: {
      child_id: string | null;
      received_at: Date;
      indicators: string[] | null;
      picture: string[] | null;
    }[] = await this.ds.query(
      `SELECT c.child_id, c.received_at, c.body->'concerns'->'indicators' AS indicators,
                d.picture->'indicators' AS picture
           FROM desk_items i JOIN contacts c ON c.id = i.contact_id
           LEFT JOIN decisions d ON d.contact_id = c.id AND d.is_current
          WHERE i.contact_id = $1`,
      [contactId],
    );
    if (!c?.child_id) throw new NotFoundError('No such item on the desk');
    const referralDate = londonDate(new Date(c.received_at));
    const [open]: { id: string; referral_date: string; primary_need: string | null }[] = await this.ds.query(
      `SELECT r.id, to_char(r.referral_date, 'YYYY-MM-DD') AS referral_date, r.primary_need
         FROM referrals r JOIN contacts k ON k.id = r.contact_id
        WHERE k.child_id = $1 AND (r.closed_on IS NULL OR r.closed_on >= $2::date)
        ORDER BY r.referral_date LIMIT 1`,
      [c.child_id, referralDate],
    );
    await appendAudit(this.ds, {
      actor: actor.username,
      actorRole: actor.role,
      action: 'referral.preview',
      subjectType: 'contact',
      subjectId: contactId,
      childId: c.child_id,
    });
    return {
      contactId,
      referralOutcomes: [...this.recorder.outcomes],
      referralDate,
      suggestedPrimaryNeed: suggestPrimaryNeed(this.criteria.current(), [
        ...(c.indicators ?? []),
        ...(c.picture ?? []),
      ]),
      joins: open
        ? { referralId: open.id, referralDate: open.referral_date, primaryNeed: open.primary_need }
        : null,
    };
  }
}
