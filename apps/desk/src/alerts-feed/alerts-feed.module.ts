import { Module } from '@nestjs/common';
import { AcknowledgeAlertUseCase } from './acknowledge-alert.usecase';
import { AlertFeedHub } from './alert-feed.hub';
import { AlertFeedRepository } from './alert-feed.repository';
import { AlertsFeedController } from './alerts-feed.controller';
import { LiveStreams } from './live-streams';

/** The alert feed on the staff API: list, live stream, delivery status, acknowledgement. */
@Module({
  controllers: [AlertsFeedController],
  providers: [AcknowledgeAlertUseCase, AlertFeedHub, AlertFeedRepository, LiveStreams],
  exports: [AlertFeedHub, AlertFeedRepository, LiveStreams],
})
export class AlertsFeedModule {}
