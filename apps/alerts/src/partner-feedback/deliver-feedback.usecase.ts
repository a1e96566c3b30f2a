import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { DELIVERY_ID_HEADER, SIGNATURE_HEADER, signWebhook, WebhookSecretBox } from '@app/http';

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
    private readonly ds: DataSource,
    private readonly config: AppConfig,
  ) {
    this.box = new WebhookSecretBox(config.PARTNER_CALLBACK_KEY);
  }

  async execute(cmd: {
    feedbackId: string;
    attempt: number;
    lastAttempt: boolean;
  }): Promise<FeedbackOutcome> {
    const [rows]: [{ id: string; partner_id: string; contact_id: string; body: unknown }[], number] =
      await this.ds.query(
        `UPDATE partner_feedback SET attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND status IN ('pending','retrying')
          RETURNING id, partner_id, contact_id, body`,
        [cmd.feedbackId],
      );
    const row = rows[0];
    if (!row) return 'already_done';
    try {
      await this.send(row.id, row.partner_id, JSON.stringify(row.body), cmd.attempt);
    } catch (e) {
      const permanent = e instanceof PermanentFeedbackError || cmd.lastAttempt;
      const message = ((e as Error).message || String(e)).slice(0, 1000);
      await this.ds.query(
        `UPDATE partner_feedback SET status = $2, last_error = $3,
                failed_at = CASE WHEN $2 = 'failed' THEN now() END WHERE id = $1`,
        [row.id, permanent ? 'failed' : 'retrying', message],
      );
      this.logger.warn(
        { feedbackId: row.id, partnerId: row.partner_id, attempt: cmd.attempt, error: message },
        permanent
          ? 'Feedback webhook failed for good (kept, listed to the partner)'
          : 'Feedback webhook failed; will retry',
      );
      throw e;
    }
    await this.ds.query(
      `UPDATE partner_feedback SET status = 'delivered', delivered_at = clock_timestamp(), last_error = NULL
        WHERE id = $1`,
      [row.id],
    );
    return 'delivered';
  }

  private async send(id: string, partnerId: string, rawBody: string, attempt: number): Promise<void> {
    const [cb]: { url: string; secret_sealed: string; previous_secret_sealed: string | null }[] =
      await this.ds.query(
        `SELECT url, secret_sealed,
                CASE WHEN previous_valid_until > now() THEN previous_secret_sealed END AS previous_secret_sealed
           FROM partner_callbacks WHERE partner_id = $1`,
        [partnerId],
      );
    if (!cb) throw new PermanentFeedbackError('no callback is registered');
    const secrets = [cb.secret_sealed, cb.previous_secret_sealed]
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
