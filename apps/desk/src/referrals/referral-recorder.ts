import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '@app/config';
import { CriteriaRegistry } from '@app/criteria';
import { ContactOutcome, recordReferral, RecordedReferral, settleImportedOutcomes } from './record-referral';
import { referralOutcomes } from './referral-codes';
import { ReferralsRepository } from './referrals.repository';

/** The county's referral outcomes and the criteria in force, bound for the desk's close and the returns. */
@Injectable()
export class ReferralRecorder {
  readonly outcomes: ReadonlySet<string>;

  constructor(
    @Inject(AppConfig) config: AppConfig,
    private readonly criteria: CriteriaRegistry,
    private readonly referrals: ReferralsRepository,
  ) {
    this.outcomes = referralOutcomes(config.REFERRAL_OUTCOMES);
  }

  /** Called by the close use case in its transaction: makes or joins the child's referral, or nothing. */
  onClose(m: EntityManager, outcome: ContactOutcome): Promise<RecordedReferral | null> {
    return recordReferral(this.referrals, m, outcome, this.outcomes, this.criteria.current());
  }

  /** Imported outcomes whose child triage has since matched become referrals. */
  settleImported(m: EntityManager): Promise<number> {
    return settleImportedOutcomes(this.referrals, m, this.outcomes, this.criteria.current());
  }
}
