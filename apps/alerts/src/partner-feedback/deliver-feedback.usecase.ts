import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook, WebhookSecretBox } from '@app/http';
import { PartnerFeedbackRepository } from './partner-feedback.repository';

/** The header naming one feedback, the same on every retry: a receiver keeps the ids it has handled. */
export const WEBHOOK_ID_HEADER = 'Webhook-Id';

/** A failure no retry can fix: the receiver refused this message, or the partner has no callback now. */
export class PermanentFeedbackError extends Error {}

/** Statuses worth retrying besides 5xx: the receiver is busy or down, not refusing the message. */
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export type FeedbackOutcome = 'delivered' | 'already_done';

/**
 * One attempt at one feedback webhook, recorded on its row: attempts, the last error, delivered, or failed
 * for good after the last attempt (or a refusal). The body is the one recorded with the duty decision, sent
 * byte for byte as stored; the signature is the alert webhooks' (libs/http), under the partner's own secret
 * (and its previous one during a rotation). A feedback already delivered or failed is left alone.
 */
@Injectable()
export class DeliverFeedbackUseCase {
  private readonly logger = new Logger('PartnerFeedback');
  private readonly box: WebhookSecretBox;

  constructor(
    private readonly feedback: PartnerFeedbackRepository,
    private readonly config: AppConfig,
  ) {
    this.box = new WebhookSecretBox(config.PARTNER_CALLBACK_KEY);
  }

  async execute(cmd: {
    feedbackId: string;
    attempt: number;
    lastAttempt: boolean;
  }): Promise<FeedbackOutcome> {
    const row = await this.feedback.beginAttempt(cmd.feedbackId);
    if (!row) return 'already_done';
    try {
      await this.send(row.id, row.partnerId, JSON.stringify(row.body), cmd.attempt);
    } catch (e) {
      const permanent = e instanceof PermanentFeedbackError || cmd.lastAttempt;
      const message = ((e as Error).message || String(e)).slice(0, 1000);
      await this.feedback.attemptFailed(row.id, permanent ? 'failed' : 'retrying', message);
      this.logger.warn(
        { feedbackId: row.id, partnerId: row.partnerId, attempt: cmd.attempt, error: message },
        permanent
          ? 'Feedback webhook failed for good (kept, listed to the partner)'
          : 'Feedback webhook failed; will retry',
      );
      throw e;
    }
    await this.feedback.delivered(row.id);
    return 'delivered';
  }

  private async send(id: string, partnerId: string, rawBody: string, attempt: number): Promise<void> {
    const cb = await this.feedback.callbackOf(partnerId);
    if (!cb) throw new PermanentFeedbackError('no callback is registered');
    const secrets = [cb.secretSealed, cb.previousSecretSealed]
      .filter((s): s is string => !!s)
      .map((s) => this.box.open(s));
    let res: Response;
    try {
      res = await fetch(cb.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'front-door-feedback/1',
          [WEBHOOK_ID_HEADER]: id,
          [DELIVERY_ID_HEADER]: id,
          [SIGNATURE_HEADER]: signWebhook(rawBody, secrets),
          'X-FrontDoor-Attempt': String(attempt),
        },
        body: rawBody,
        signal: AbortSignal.timeout(this.config.ALERT_WEBHOOK_TIMEOUT_MS),
        redirect: 'manual',
      });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Error(`callback not reached: ${cause ?? (e as Error).name ?? 'error'}`);
    }
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return;
    const message = `callback answered ${res.status}`;
    if (res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status))
      throw new PermanentFeedbackError(message);
    throw new Error(message);
  }
}
