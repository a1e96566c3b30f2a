import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AlertChannel } from '@app/contracts';
import { AlertSettings } from '../../alert-settings';
import { AlertChannelSender, AlertRecord, DeliveryRecord, PermanentDeliveryError } from '../alert-record';

/**
 * E-mail over SMTP (nodemailer). The Message-ID is derived from the delivery id, so a retried message is
 * recognisable as the same one. A 5xx refusal of the recipient fails for good; anything else is retried.
 */
@Injectable()
export class EmailChannel implements AlertChannelSender, OnApplicationShutdown {
  readonly channel = AlertChannel.Email;
  private readonly transport: Transporter | null;

  constructor(private readonly settings: AlertSettings) {
    this.transport = settings.smtpUrl ? nodemailer.createTransport(settings.smtpUrl) : null;
  }

  async send(delivery: DeliveryRecord, alert: AlertRecord): Promise<void> {
    if (!this.transport) throw new PermanentDeliveryError('e-mail is not configured (SMTP_URL)');
    try {
      await this.transport.sendMail({
        from: this.settings.emailFrom,
        to: delivery.recipient,
        subject: `[Front door] ${alert.title}`,
        messageId: `<${delivery.id}@front-door>`,
        headers: { 'X-FrontDoor-Delivery-Id': delivery.id, 'X-FrontDoor-Alert-Id': alert.id },
        text: [
          alert.body,
          '',
          `Alert ${alert.id} (${alert.kind}), raised ${alert.raisedAt}.`,
          'Acknowledge it in the front door alert feed.',
        ].join('\n'),
      });
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      const message = `SMTP: ${code ? `${code} ` : ''}${(e as Error).message}`.slice(0, 500);
      if (code && code >= 500) throw new PermanentDeliveryError(message);
      throw new Error(message);
    }
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
