import { Module } from '@nestjs/common';
import { QueueEventsModule } from '../live/queue-events';
import { DeskItemsRepository } from '../queue/desk-items.repository';
import { DeskInboxRepository } from './desk-inbox.repository';
import { EventsController } from './events.controller';
import { HeldItemNotifier } from './held-item-notifier';
import { NotifyHeldRaisedUseCase } from './notify-held-raised.usecase';
import { TriagedConsumer } from './triaged.consumer';

@Module({
  imports: [QueueEventsModule],
  controllers: [EventsController, TriagedConsumer],
  providers: [DeskItemsRepository, DeskInboxRepository, HeldItemNotifier, NotifyHeldRaisedUseCase],
  exports: [HeldItemNotifier],
})
export class NotificationsModule {}
