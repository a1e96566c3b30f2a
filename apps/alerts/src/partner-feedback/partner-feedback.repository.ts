import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** A feedback webhook taken for one attempt: what to send, and to which partner. */
export interface FeedbackAttempt {
  id: string;
  partnerId: string;
  contactId: string;
  body: unknown;
}

/** A partner's callback, its secrets still sealed (the previous one only during a rotation). */
export interface SealedCallback {
  url: string;
  secretSealed: string;
  previousSecretSealed: string | null;
}

/**
 * Feedback owed to referrers (written with each duty decision, in its transaction) and the partners'
 * callbacks: the one way the feedback delivery reaches these tables.
 */
@Injectable()
export class PartnerFeedbackRepository {
  constructor(private readonly ds: DataSource) {}

  /** The feedback's status, or null when there is no such feedback. */
  async status(feedbackId: string): Promise<string | null> {
    const [row] = await this.ds.query(`SELECT status FROM partner_feedback WHERE id = $1`, [feedbackId]);
    return row?.status ?? null;
  }

  /** Every feedback still to deliver, oldest first (to resume after a restart). */
  async undelivered(): Promise<string[]> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT id FROM partner_feedback WHERE status IN ('pending','retrying') ORDER BY created_at`,
    );
    return rows.map((r) => r.id);
  }

  /** Counts an attempt and returns what to send; null when it was delivered or failed already. */
  async beginAttempt(feedbackId: string): Promise<FeedbackAttempt | null> {
    const [rows]: [{ id: string; partner_id: string; contact_id: string; body: unknown }[], number] =
      await this.ds.query(
        `UPDATE partner_feedback SET attempts = attempts + 1, last_attempt_at = now()
          WHERE id = $1 AND status IN ('pending','retrying')
          RETURNING id, partner_id, contact_id, body`,
        [feedbackId],
      );
    const r = rows[0];
    return r ? { id: r.id, partnerId: r.partner_id, contactId: r.contact_id, body: r.body } : null;
  }

  async delivered(feedbackId: string): Promise<void> {
    await this.ds.query(
      `UPDATE partner_feedback SET status = 'delivered', delivered_at = clock_timestamp(), last_error = NULL
        WHERE id = $1`,
      [feedbackId],
    );
  }

  /** A failed attempt: to retry, or failed for good. */
  async attemptFailed(feedbackId: string, outcome: 'retrying' | 'failed', error: string): Promise<void> {
    await this.ds.query(
      `UPDATE partner_feedback SET status = $2, last_error = $3,
              failed_at = CASE WHEN $2 = 'failed' THEN now() END WHERE id = $1`,
      [feedbackId, outcome, error],
    );
  }

  async callbackOf(partnerId: string): Promise<SealedCallback | null> {
    const [cb]: { url: string; secret_sealed: string; previous_secret_sealed: string | null }[] =
      await this.ds.query(
        `SELECT url, secret_sealed,
                CASE WHEN previous_valid_until > now() THEN previous_secret_sealed END AS previous_secret_sealed
           FROM partner_callbacks WHERE partner_id = $1`,
        [partnerId],
      );
    return cb
      ? { url: cb.url, secretSealed: cb.secret_sealed, previousSecretSealed: cb.previous_secret_sealed }
      : null;
  }
}
