import { Injectable } from '@nestjs/common';
import { AlertChannel } from '@app/contracts';
import { AlertSettings } from '../../alert-settings';
import { AlertChannelSender, AlertRecord, DeliveryRecord, PermanentDeliveryError } from '../alert-record';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook } from '@app/http';

/** Statuses worth retrying: the receiver is busy or down, not refusing this message. */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

/**
 * A signed webhook: POST of the alert as JSON, signed with HMAC-SHA256 over `${timestamp}.${rawBody}` under
 * every active secret. Any 2xx is delivered; 5xx, timeouts and refused connections are retried; other 4xx
 * fail for good (the receiver refused this message).
 */
@Injectable()
export class WebhookChannel implements AlertChannelSender {
  readonly channel = AlertChannel.Webhook;

  constructor(private readonly settings: AlertSettings) {}

  async send(delivery: DeliveryRecord, alert: AlertRecord, attempt: number): Promise<void> {
    const rawBody = JSON.stringify({
      type: 'alert.raised',
      deliveryId: delivery.id,
      alert: {
        id: alert.id,
        kind: alert.kind,
        title: alert.title,
        body: alert.body,
        recipientRoles: alert.recipientRoles,
        subjectType: alert.subjectType,
        subjectId: alert.subjectId,
        relatedAlertId: alert.relatedAlertId,
        details: alert.details,
        raisedAt: alert.raisedAt,
      },
    });
    let res: Response;
    try {
      res = await fetch(delivery.recipient, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'front-door-alerts/1',
          [SIGNATURE_HEADER]: signWebhook(rawBody, this.settings.webhookSecrets),
          [DELIVERY_ID_HEADER]: delivery.id,
          'X-FrontDoor-Attempt': String(attempt),
        },
        body: rawBody,
        signal: AbortSignal.timeout(this.settings.webhookTimeoutMs),
        redirect: 'manual',
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Error(`webhook not reached: ${cause ?? (e as Error).name ?? 'error'}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    const message = `webhook answered ${res.status}`;
    if (res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status))
      throw new PermanentDeliveryError(message);
    throw new Error(message);
  }
}
