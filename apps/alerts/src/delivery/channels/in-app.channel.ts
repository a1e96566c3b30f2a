import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { AlertChannel, alertFeedChannel, AlertFeedEvent } from '@app/contracts';
import { REDIS } from '@app/messaging';
import { AlertSettings } from '../../alert-settings';
import { AlertChannelSender, AlertRecord, DeliveryRecord } from '../alert-record';

/**
 * The in-app feed: the alert is already in Postgres, where the staff API reads the feed; delivering it marks
 * it delivered and announces it on Redis, which the staff API's live stream pushes to open browsers.
 */
@Injectable()
export class InAppChannel implements AlertChannelSender {
  readonly channel = AlertChannel.InApp;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly settings: AlertSettings,
  ) {}

  async send(_delivery: DeliveryRecord, alert: AlertRecord): Promise<void> {
    const event: AlertFeedEvent = {
      type: 'alert.delivered',
      alertId: alert.id,
      recipientRoles: alert.recipientRoles,
    };
    await this.redis.publish(alertFeedChannel(this.settings.redisPrefix), JSON.stringify(event));
  }
}
