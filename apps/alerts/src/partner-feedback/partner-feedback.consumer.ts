import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, Topic } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { FeedbackQueue } from './feedback-queue';
import { PartnerFeedbackRepository } from './partner-feedback.repository';

/**
 * `partner.feedback.v1` in: puts the feedback's delivery job on the queue. Redelivery is harmless (the job
 * id is the feedback's id, and a delivered feedback is never sent again).
 */
@Controller()
@UseFilters(RethrowRpcFilter)
export class PartnerFeedbackConsumer {
  constructor(
    private readonly feedback: PartnerFeedbackRepository,
    private readonly queue: FeedbackQueue,
  ) {}

  @EventPattern(Topic.PartnerFeedback)
  async onFeedback(@Payload() message: ConsumedMessage) {
    const { feedbackId } = decodeEvent(Topic.PartnerFeedback, message.value).payload;
    const status = await this.feedback.status(feedbackId);
    if (!status) throw new InvalidMessageError(`feedback ${feedbackId} does not exist`);
    if (status === 'pending' || status === 'retrying') await this.queue.enqueue([feedbackId]);
  }
}
