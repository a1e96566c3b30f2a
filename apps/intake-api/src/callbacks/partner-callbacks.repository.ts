import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A partner's callback as stored, its secrets left out. */
export interface CallbackRow {
  url: string;
  createdAt: Date;
  updatedAt: Date;
  secretCreatedAt: Date;
  /** Until when the previous secret also signs; null when no rotation is under way. */
  previousValidUntil: Date | null;
}

/** A feedback webhook as its partner sees it. */
export interface FeedbackDeliveryRow {
  id: string;
  contactId: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/**
 * Partners' callbacks (partner_callbacks) and the feedback sent to them, as the partner API and the partners
 * CLI manage them. Methods that take an EntityManager run in the caller's transaction.
 */
@Injectable()
export class PartnerCallbacksRepository {
  constructor(private readonly ds: DataSource) {}

  /** Whether the partner has a callback, its row locked until the caller's commit. */
  async lockExisting(m: EntityManager, partnerId: string): Promise<boolean> {
    const [existing]: unknown[] = await m.query(
      'SELECT 1 FROM partner_callbacks WHERE partner_id = $1 FOR UPDATE',
      [partnerId],
    );
    return !!existing;
  }

  async moveUrl(m: EntityManager, partnerId: string, url: string): Promise<void> {
    await m.query('UPDATE partner_callbacks SET url = $2, updated_at = now() WHERE partner_id = $1', [
      partnerId,
      url,
    ]);
  }

  async insert(m: EntityManager, partnerId: string, url: string, secretSealed: string): Promise<void> {
    await m.query(
      `INSERT INTO partner_callbacks (partner_id, url, secret_sealed, secret_created_at) VALUES ($1,$2,$3,now())`,
      [partnerId, url, secretSealed],
    );
  }

  async find(partnerId: string, m: EntityManager = this.ds.manager): Promise<CallbackRow | null> {
    const [r]: {
      url: string;
      created_at: Date;
      updated_at: Date;
      secret_created_at: Date;
      previous_valid_until: Date | null;
    }[] = await m.query(
      `SELECT url, created_at, updated_at, secret_created_at,
              CASE WHEN previous_valid_until > now() THEN previous_valid_until END AS previous_valid_until
         FROM partner_callbacks WHERE partner_id = $1`,
      [partnerId],
    );
    if (!r) return null;
    return {
      url: r.url,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      secretCreatedAt: r.secret_created_at,
      previousValidUntil: r.previous_valid_until,
    };
  }

  /** Seals in a new secret, the current one kept as the previous for `graceHours`; false when none is registered. */
  async rotateSecret(partnerId: string, secretSealed: string, graceHours: number): Promise<boolean> {
    // TypeORM answers an UPDATE ... RETURNING on Postgres as [rows, affected].
    const [rows]: [{ partner_id: string }[], number] = await this.ds.query(
      `UPDATE partner_callbacks
          SET previous_secret_sealed = secret_sealed,
              previous_valid_until = now() + make_interval(hours => $3),
              secret_sealed = $2, secret_created_at = now(), updated_at = now()
        WHERE partner_id = $1 RETURNING partner_id`,
      [partnerId, secretSealed, graceHours],
    );
    return rows.length > 0;
  }

  async remove(partnerId: string): Promise<boolean> {
    const [, affected]: [unknown, number] = await this.ds.query(
      'DELETE FROM partner_callbacks WHERE partner_id = $1',
      [partnerId],
    );
    return affected > 0;
  }

  /** The partner's feedback webhooks, newest first. */
  async feedbackOf(partnerId: string, limit: number): Promise<FeedbackDeliveryRow[]> {
    const rows: {
      id: string;
      contact_id: string;
      status: FeedbackDeliveryRow['status'];
      attempts: number;
      last_error: string | null;
      created_at: Date;
      delivered_at: Date | null;
    }[] = await this.ds.query(
      `SELECT id, contact_id, status, attempts, last_error, created_at, delivered_at FROM partner_feedback
        WHERE partner_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [partnerId, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      status: r.status,
      attempts: r.attempts,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
    }));
  }
}
