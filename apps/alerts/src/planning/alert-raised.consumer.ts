import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topic } from '@app/contracts';
import { ConsumedMessage, eventAbout, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { PlanDeliveriesUseCase } from './plan-deliveries.usecase';

/** Parses `alert.raised.v1` and plans its deliveries on every configured channel. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class AlertRaisedConsumer {
  constructor(private readonly plan: PlanDeliveriesUseCase) {}

  @EventPattern(Topic.AlertRaised)
  async onAlertRaised(@Payload() message: ConsumedMessage) {
    const { eventId, id: alertId } = eventAbout(message.value, 'alertId', Topic.AlertRaised);
    const result = await this.plan.execute({ eventId, alertId });
    if (!result.found) throw new InvalidMessageError(`alert ${alertId} does not exist`);
  }
}
