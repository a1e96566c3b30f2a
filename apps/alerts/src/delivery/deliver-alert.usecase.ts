import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import { faultPoint } from '@app/config';
import { alertFeedChannel, AlertFeedEvent } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { AlertSettings } from '../alert-settings';
import { AlertDeliveriesRepository } from './alert-deliveries.repository';
import { AlertChannelSender, PermanentDeliveryError } from './alert-record';
import { EmailChannel } from './channels/email.channel';
import { InAppChannel } from './channels/in-app.channel';
import { WebhookChannel } from './channels/webhook.channel';

export interface DeliverCommand {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** No retry follows this attempt: a failure now is for good. */
  lastAttempt: boolean;
}

export type DeliverOutcome = 'delivered' | 'already_done' | 'retrying' | 'failed';

/**
 * Makes one attempt at one delivery and records it: attempts, the last error, delivered or (after the last
 * attempt, or a refusal no retry can fix) failed for good. A delivery already delivered or failed is left
 * alone, so a duplicate job changes nothing.
 */
@Injectable()
export class DeliverAlertUseCase {
  private readonly logger = new Logger('AlertDelivery');
  private readonly channels: Map<string, AlertChannelSender>;

  constructor(
    private readonly deliveries: AlertDeliveriesRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: AlertSettings,
    inApp: InAppChannel,
    webhook: WebhookChannel,
    email: EmailChannel,
  ) {
    this.channels = new Map<string, AlertChannelSender>([inApp, webhook, email].map((c) => [c.channel, c]));
  }

  async execute(cmd: DeliverCommand): Promise<DeliverOutcome> {
    const delivery = await this.deliveries.beginAttempt(cmd.deliveryId);
    if (!delivery) return 'already_done';
    const alert = await this.deliveries.alert(delivery.alertId);
    const sender = this.channels.get(delivery.channel);
    try {
      if (!alert) throw new PermanentDeliveryError('the alert no longer exists');
      if (!sender) throw new PermanentDeliveryError(`no sender for channel ${delivery.channel}`);
      await sender.send(delivery, alert, cmd.attempt);
      faultPoint('alerts.after-send-before-record');
    } catch (e) {
      const permanent = e instanceof PermanentDeliveryError || cmd.lastAttempt;
      const message = ((e as Error).message || String(e)).slice(0, 1000);
      await this.deliveries.attemptFailed(delivery.id, permanent ? 'failed' : 'retrying', message);
      this.logger.warn(
        { deliveryId: delivery.id, channel: delivery.channel, attempt: cmd.attempt, error: message },
        permanent
          ? 'Alert delivery failed for good (kept, shown in the feed)'
          : 'Alert delivery failed; will retry',
      );
      await this.announce(delivery.alertId, alert?.recipientRoles ?? []);
      throw e;
    }
    await this.deliveries.delivered(delivery.id);
    await this.announce(delivery.alertId, alert.recipientRoles);
    return 'delivered';
  }

  private async announce(alertId: string, recipientRoles: string[]): Promise<void> {
    const event: AlertFeedEvent = { type: 'delivery.updated', alertId, recipientRoles };
    await this.redis
      .publish(alertFeedChannel(this.settings.redisPrefix), JSON.stringify(event))
      .catch(() => 0);
  }
}
