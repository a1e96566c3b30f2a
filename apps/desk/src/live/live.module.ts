import { Module } from '@nestjs/common';
import { AlertsFeedModule } from '../alerts-feed/alerts-feed.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { LiveController } from './live.controller';
import { LiveStreamCounts, LiveTickets } from './live-tickets';
import { QueueEventsModule } from './queue-events';

/** Staff live updates: single-use tickets and the one server-sent event stream they open. */
@Module({
  imports: [AlertsFeedModule, NotificationsModule, QueueEventsModule],
  controllers: [LiveController],
  providers: [LiveTickets, LiveStreamCounts],
})
export class LiveModule {}
