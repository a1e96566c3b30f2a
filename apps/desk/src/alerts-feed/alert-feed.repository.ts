import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DataSourceRepository } from '@app/persistence';

export interface DeliveryView {
  id: string;
  channel: string;
  recipient: string;
  status: 'pending' | 'retrying' | 'delivered' | 'failed';
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
  failedAt: string | null;
}

export interface AlertView {
  id: string;
  kind: string;
  title: string;
  body: string;
  recipientRoles: string[];
  subjectType: string | null;
  subjectId: string | null;
  childId: string | null;
  relatedAlertId: string | null;
  details: Record<string, unknown>;
  raisedAt: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  /** Set when what it was about is settled (a held placement request cleared by new evidence). */
  resolvedAt: string | null;
  resolution: string | null;
  deliveries: DeliveryView[];
  /** Counts by delivery status: a delivery that failed for good shows here (and in `deliveries`). */
  deliveryStatus: { delivered: number; pending: number; retrying: number; failed: number };
}

/** Who sees an alert: the roles it was raised for; an administrator sees every alert. */
const visibleTo = (role: string) => (role === 'admin' ? null : role);

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

async function countUnacknowledged(m: EntityManager, role: string): Promise<number> {
  const [{ n }] = await m.query(
    `SELECT count(*)::int AS n FROM alerts WHERE acknowledged_at IS NULL AND ($1::text IS NULL OR $1 = ANY(recipient_roles))`,
    [visibleTo(role)],
  );
  return n;
}

async function listAlerts(
  m: EntityManager,
  role: string,
  opts: { unacknowledgedOnly: boolean; limit: number; ids?: string[] },
): Promise<AlertView[]> {
  const rows = await m.query(
    `SELECT id, kind, title, body, recipient_roles, subject_type, subject_id, child_id, related_alert_id, details,
            raised_at, acknowledged_at, acknowledged_by, acknowledgement_note, resolved_at, resolution
       FROM alerts
      WHERE ($1::text IS NULL OR $1 = ANY(recipient_roles))
        AND (NOT $2 OR acknowledged_at IS NULL)
        AND ($4::uuid[] IS NULL OR id = ANY($4::uuid[]))
      ORDER BY raised_at DESC, id LIMIT $3`,
    [visibleTo(role), opts.unacknowledgedOnly, opts.limit, opts.ids ?? null],
  );
  const ids = rows.map((r: { id: string }) => r.id);
  const deliveries = ids.length
    ? await m.query(
        `SELECT id, alert_id, channel, recipient, status, attempts, last_error, delivered_at, failed_at
           FROM alert_deliveries WHERE alert_id = ANY($1::uuid[]) ORDER BY channel, recipient`,
        [ids],
      )
    : [];
  const byAlert = new Map<string, DeliveryView[]>();
  for (const d of deliveries) {
    const list = byAlert.get(d.alert_id) ?? [];
    list.push({
      id: d.id,
      channel: d.channel,
      recipient: d.recipient,
      status: d.status,
      attempts: d.attempts,
      lastError: d.last_error,
      deliveredAt: iso(d.delivered_at),
      failedAt: iso(d.failed_at),
    });
    byAlert.set(d.alert_id, list);
  }
  return rows.map((r: Record<string, any>) => {
    const ds = byAlert.get(r.id) ?? [];
    const count = (s: string) => ds.filter((d) => d.status === s).length;
    return {
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      recipientRoles: r.recipient_roles,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      childId: r.child_id,
      relatedAlertId: r.related_alert_id,
      details: r.details ?? {},
      raisedAt: iso(r.raised_at)!,
      acknowledgedAt: iso(r.acknowledged_at),
      acknowledgedBy: r.acknowledged_by,
      acknowledgementNote: r.acknowledgement_note,
      resolvedAt: iso(r.resolved_at),
      resolution: r.resolution,
      deliveries: ds,
      deliveryStatus: {
        delivered: count('delivered'),
        pending: count('pending'),
        retrying: count('retrying'),
        failed: count('failed'),
      },
    };
  });
}

/** An alert locked for acknowledgement, as the acknowledging manager may see it. */
export interface AlertToAcknowledge {
  id: string;
  childId: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/**
 * Alerts and their deliveries as the staff see them: the one way the feed, the live stream and the
 * acknowledgement reach these tables. Reads take an optional transaction (`m`) so a change and the view it
 * returns are read together.
 */
@Injectable()
export class AlertFeedRepository extends DataSourceRepository {
  countUnacknowledged(role: string, m: EntityManager = this.ds.manager): Promise<number> {
    return countUnacknowledged(m, role);
  }

  /** Newest first, each with its deliveries and their counts by status. */
  list(
    role: string,
    opts: { unacknowledgedOnly: boolean; limit: number },
    m: EntityManager = this.ds.manager,
  ): Promise<AlertView[]> {
    return listAlerts(m, role, opts);
  }

  /** One alert the role may see, or null. */
  async read(role: string, id: string, m: EntityManager = this.ds.manager): Promise<AlertView | null> {
    const [view] = await listAlerts(m, role, { unacknowledgedOnly: false, limit: 1, ids: [id] });
    return view ?? null;
  }

  async lockForAcknowledgement(
    m: EntityManager,
    role: string,
    id: string,
  ): Promise<AlertToAcknowledge | null> {
    const [a] = await m.query(
      `SELECT id, acknowledged_at, acknowledged_by, child_id FROM alerts
        WHERE id = $1 AND ($2::text IS NULL OR $2 = ANY(recipient_roles)) FOR UPDATE`,
      [id, visibleTo(role)],
    );
    return a
      ? {
          id: a.id,
          childId: a.child_id,
          acknowledgedAt: a.acknowledged_at,
          acknowledgedBy: a.acknowledged_by,
        }
      : null;
  }

  async acknowledge(m: EntityManager, id: string, at: Date, by: string, note: string): Promise<void> {
    await m.query(
      `UPDATE alerts SET acknowledged_at = $2, acknowledged_by = $3, acknowledgement_note = $4 WHERE id = $1`,
      [id, at, by, note],
    );
  }
}
