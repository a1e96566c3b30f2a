import { Module } from '@nestjs/common';
import { DeliverFeedbackUseCase } from './deliver-feedback.usecase';
import { FeedbackQueue } from './feedback-queue';
import { FeedbackWorker, ResumeFeedbackUseCase } from './feedback-worker';
import { PartnerFeedbackConsumer } from './partner-feedback.consumer';
import { PartnerFeedbackRepository } from './partner-feedback.repository';

/** Feedback to referrers: partner.feedback.v1 in, signed webhooks to each partner's callback out, with retries. */
@Module({
  controllers: [PartnerFeedbackConsumer],
  providers: [
    PartnerFeedbackRepository,
    FeedbackQueue,
    DeliverFeedbackUseCase,
    FeedbackWorker,
    ResumeFeedbackUseCase,
  ],
})
export class PartnerFeedbackModule {}
