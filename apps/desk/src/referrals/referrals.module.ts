import { Module } from '@nestjs/common';
import { ChildReferralsUseCase } from './child-referrals.usecase';
import { ReferralPreviewUseCase } from './referral-preview.usecase';
import { ReferralRecorder } from './referral-recorder';
import { ReferralsController } from './referrals.controller';
import { ReferralReadsRepository } from './referral-reads.repository';
import { ReferralsRepository } from './referrals.repository';
import { AuditTrail } from '@app/audit';

/** Referrals: made when the desk closes a contact with a referral outcome; read and recorded on the child. */
@Module({
  controllers: [ReferralsController],
  providers: [
    ReferralsRepository,
    ReferralReadsRepository,
    AuditTrail,
    ReferralRecorder,
    ChildReferralsUseCase,
    ReferralPreviewUseCase,
  ],
  exports: [ReferralRecorder, ReferralsRepository, ReferralReadsRepository],
})
export class ReferralsModule {}
