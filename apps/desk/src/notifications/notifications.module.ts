import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { HeldItemNotifier } from './held-item-notifier';
import { NotifyHeldRaisedUseCase } from './notify-held-raised.usecase';
import { TriagedConsumer } from './triaged.consumer';

@Module({
  controllers: [EventsController, TriagedConsumer],
  providers: [HeldItemNotifier, NotifyHeldRaisedUseCase],
  exports: [HeldItemNotifier],
})
export class NotificationsModule {}
