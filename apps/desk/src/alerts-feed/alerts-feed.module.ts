import { Module } from '@nestjs/common';
import { AcknowledgeAlertUseCase } from './acknowledge-alert.usecase';
import { AlertFeedHub } from './alert-feed.hub';
import { AlertsFeedController } from './alerts-feed.controller';
import { LiveStreams } from './live-streams';

/** The alert feed on the staff API: list, live stream, delivery status, acknowledgement. */
@Module({
  controllers: [AlertsFeedController],
  providers: [AcknowledgeAlertUseCase, AlertFeedHub, LiveStreams],
  exports: [AlertFeedHub, LiveStreams],
})
export class AlertsFeedModule {}
