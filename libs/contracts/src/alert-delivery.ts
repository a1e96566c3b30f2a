import { createHash } from 'node:crypto';

/** The channels an alert is delivered on. DO NOT CHANGE these values: stored in alert_deliveries.channel. */
export const AlertChannel = {
  InApp: 'in_app',
  Webhook: 'webhook',
  Email: 'email',
} as const;
export type AlertChannel = (typeof AlertChannel)[keyof typeof AlertChannel];

/**
 * A delivery's id, derived from the alert, the channel and the recipient: planning the same alert twice
 * plans nothing new, and a receiver recognises a retry by it (the `X-FrontDoor-Delivery-Id` header).
 */
export const alertDeliveryId = (alertId: string, channel: AlertChannel, recipient: string): string =>
  `dlv_${createHash('sha256').update(`${alertId}|${channel}|${recipient}`).digest('hex').slice(0, 32)}`;

/** The escalation timer's job id, derived from the alert: there is only ever one per alert. */
export const escalationJobId = (alertId: string): string => `escalate-${alertId}`;

/**
 * Redis pub/sub channel on which the alerts app announces feed changes (an alert delivered in-app,
 * acknowledged, or a delivery's status changed), for the staff API's live stream. Payload: AlertFeedEvent.
 */
export const alertFeedChannel = (redisPrefix: string): string => `${redisPrefix}:alert-feed`;

export interface AlertFeedEvent {
  type: 'alert.delivered' | 'alert.acknowledged' | 'delivery.updated' | 'alert.resolved';
  alertId: string;
  recipientRoles: string[];
}
