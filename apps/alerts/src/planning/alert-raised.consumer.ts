import { Controller, UseFilters } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { decodeEvent, Topic } from '@app/contracts';
import { ConsumedMessage, InvalidMessageError, RethrowRpcFilter } from '@app/messaging';
import { PlanDeliveriesUseCase } from './plan-deliveries.usecase';

/** Parses `alert.raised.v1` and plans its deliveries on every configured channel. */
@Controller()
@UseFilters(RethrowRpcFilter)
export class AlertRaisedConsumer {
  constructor(private readonly plan: PlanDeliveriesUseCase) {}

  @EventPattern(Topic.AlertRaised)
  async onAlertRaised(@Payload() message: ConsumedMessage) {
    const { eventId, payload } = decodeEvent(Topic.AlertRaised, message.value);
    const alertId = payload.alertId;
    const result = await this.plan.execute({ eventId, alertId });
    if (!result.found) throw new InvalidMessageError(`alert ${alertId} does not exist`);
  }
}
