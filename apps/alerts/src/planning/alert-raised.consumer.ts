import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { EventEnvelope, Topic, TopicPayloads } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { PlanDeliveriesUseCase } from './plan-deliveries.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type AlertRaisedEvent = EventEnvelope<typeof Topic.AlertRaised, TopicPayloads[typeof Topic.AlertRaised]>;

/** Parses `alert.raised.v1` and plans its deliveries on every configured channel. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class AlertRaisedConsumer {
  constructor(private readonly plan: PlanDeliveriesUseCase) {}

  @EventPattern(Topic.AlertRaised)
  async onAlertRaised(@Payload() message: ConsumedMessage) {
    const event = message.value as Partial<AlertRaisedEvent>;
    if (
      typeof event?.eventId !== 'string' ||
      !event.eventId ||
      typeof event.payload?.alertId !== 'string' ||
      !UUID.test(event.payload.alertId)
    ) {
      throw new InvalidMessageError('not an alert.raised.v1 event (eventId and payload.alertId required)');
    }
    const result = await this.plan.execute({ eventId: event.eventId, alertId: event.payload.alertId });
    if (!result.found) throw new InvalidMessageError(`alert ${event.payload.alertId} does not exist`);
  }
}
