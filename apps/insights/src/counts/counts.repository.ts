import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** An insight_contacts row as a triage decision moves its counts. */
export interface CountedContact {
  day: string;
  hour: Date;
  needLevel: number | null;
  route: string | null;
  triagedAt: Date | null;
  recontact: boolean | null;
}

/** A contact's fields its received counts are by, once it has been claimed for counting. */
export interface ReceivedContact {
  day: string;
  hour: Date;
  agency: string;
  sourceGroup: string;
  locality: string;
  imported: boolean;
}

/**
 * The insight tables (insight_contacts, insight_daily, insight_hourly, insight_timeliness) as the counts
 * write them. Stateless: every method runs in the caller's transaction. The set-based statements count a
 * whole batch in one round trip; a contact is counted once because its insight_contacts row is the proof.
 */
@Injectable()
export class CountsRepository {
  /**
   * Adds to the daily (Europe/London) and hourly counts. Rows are touched in one sorted order, so two
   * transactions counting at once never deadlock.
   */
  async bump(m: EntityManager, day: string, hour: Date | null, deltas: Map<string, number>): Promise<void> {
    const series = [...deltas.keys()].filter((s) => deltas.get(s) !== 0).sort();
    if (!series.length) return;
    const counts = series.map((s) => deltas.get(s)!);
    await m.query(
      `INSERT INTO insight_daily (day, series, count)
       SELECT $1::date, s, c FROM unnest($2::text[], $3::int[]) AS t(s, c)
       ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count`,
      [day, series, counts],
    );
    if (hour) {
      await m.query(
        `INSERT INTO insight_hourly (hour, series, count)
         SELECT $1::timestamptz, s, c FROM unnest($2::text[], $3::int[]) AS t(s, c)
         ON CONFLICT (series, hour) DO UPDATE SET count = insight_hourly.count + EXCLUDED.count`,
        [hour, series, counts],
      );
    }
  }

  /** Claims the contact for counting (its insight_contacts row); null when counted already or missing. */
  async claimReceived(m: EntityManager, contactId: string): Promise<ReceivedContact | null> {
    const rows: {
      day: string;
      hour: Date;
      agency: string;
      source_group: string;
      locality: string;
      imported: boolean;
    }[] = await m.query(
      `WITH c AS (SELECT id, received_at, agency, source_group, locality, imported FROM contacts WHERE id = $1),
         ins AS (
           INSERT INTO insight_contacts (contact_id, day, hour, imported)
           SELECT id, (received_at AT TIME ZONE 'Europe/London')::date, date_trunc('hour', received_at), imported FROM c
           ON CONFLICT (contact_id) DO NOTHING RETURNING contact_id)
         SELECT to_char((c.received_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS day,
                date_trunc('hour', c.received_at) AS hour, c.agency, c.source_group, c.locality, c.imported
           FROM c JOIN ins ON ins.contact_id = c.id`,
      [contactId],
    );
    const c = rows[0];
    if (!c) return null;
    return {
      day: c.day,
      hour: c.hour,
      agency: c.agency,
      sourceGroup: c.source_group,
      locality: c.locality,
      imported: c.imported,
    };
  }

  /** The contact's counted row, locked until the caller's commit; null when it was never counted. */
  async lockCounted(m: EntityManager, contactId: string): Promise<CountedContact | null> {
    const [row]: {
      day: string;
      hour: Date;
      need_level: number | null;
      route: string | null;
      triaged_at: Date | null;
      recontact: boolean | null;
    }[] = await m.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, hour, need_level, route, triaged_at, recontact
         FROM insight_contacts WHERE contact_id = $1 FOR UPDATE`,
      [contactId],
    );
    if (!row) return null;
    return {
      day: row.day,
      hour: row.hour,
      needLevel: row.need_level,
      route: row.route,
      triagedAt: row.triaged_at,
      recontact: row.recontact,
    };
  }

  async markTriaged(
    m: EntityManager,
    contactId: string,
    t: { needLevel: number; route: string; triagedAt: Date; recontact: boolean },
  ): Promise<void> {
    await m.query(
      `UPDATE insight_contacts SET need_level = $2, route = $3, triaged_at = $4, recontact = $5 WHERE contact_id = $1`,
      [contactId, t.needLevel, t.route, t.triagedAt, t.recontact],
    );
  }

  /** Whether the child had another contact in the 12 months before this one. */
  async isRecontact(m: EntityManager, contactId: string, childId: string): Promise<boolean> {
    const [r]: { found: boolean }[] = await m.query(
      `SELECT EXISTS (
         SELECT 1 FROM contacts o, contacts c
          WHERE c.id = $1 AND o.child_id = $2 AND o.id <> c.id
            AND o.received_at < c.received_at AND o.received_at >= c.received_at - interval '12 months') AS found`,
      [contactId, childId],
    );
    return r.found;
  }

  /** Flags re-contacts among up to `limit` imported contacts whose child is known; how many it settled. */
  async settleImportedRecontacts(m: EntityManager, limit: number): Promise<number> {
    const re: { n: number }[] = await m.query(
      `WITH pending AS (
         SELECT ic.contact_id, ic.day, c.child_id, c.received_at
           FROM insight_contacts ic JOIN contacts c ON c.id = ic.contact_id
          WHERE ic.recontact IS NULL AND ic.imported AND c.child_id IS NOT NULL
          LIMIT $1 FOR UPDATE OF ic SKIP LOCKED),
       flagged AS (
         SELECT p.contact_id, p.day, EXISTS (
           SELECT 1 FROM contacts o WHERE o.child_id = p.child_id AND o.id <> p.contact_id
              AND o.received_at < p.received_at AND o.received_at >= p.received_at - interval '12 months') AS re
           FROM pending p),
       updated AS (
         UPDATE insight_contacts ic SET recontact = f.re FROM flagged f WHERE ic.contact_id = f.contact_id
         RETURNING f.day, f.re),
       counted AS (
         INSERT INTO insight_daily (day, series, count)
         SELECT day, 'recontact', count(*) FROM updated WHERE re GROUP BY day
         ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count)
       SELECT count(*)::int AS n FROM updated`,
      [limit],
    );
    return re[0].n;
  }

  /** Settles up to `limit` desk items against their due time (met or missed); how many it settled. */
  async settleTimeliness(m: EntityManager, limit: number): Promise<number> {
    const due: { n: number }[] = await m.query(
      `WITH settled AS (
         INSERT INTO insight_timeliness (contact_id, due_day, met)
         SELECT d.contact_id, (d.due_at AT TIME ZONE 'Europe/London')::date,
                EXISTS (SELECT 1 FROM duty_decisions dd WHERE dd.contact_id = d.contact_id AND dd.created_at <= d.due_at)
           FROM desk_items d
          WHERE (d.due_at < now() OR EXISTS (SELECT 1 FROM duty_decisions dd WHERE dd.contact_id = d.contact_id))
            AND NOT EXISTS (SELECT 1 FROM insight_timeliness t WHERE t.contact_id = d.contact_id)
          LIMIT $1
         ON CONFLICT (contact_id) DO NOTHING
         RETURNING due_day, met),
       counted AS (
         INSERT INTO insight_daily (day, series, count)
         SELECT due_day, CASE WHEN met THEN 'timeliness:met' ELSE 'timeliness:missed' END, count(*)
           FROM settled GROUP BY 1, 2
         ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count)
       SELECT count(*)::int AS n FROM settled`,
      [limit],
    );
    return due[0].n;
  }

  /** Counts every stored contact not counted yet, in one statement; how many. */
  async countUncounted(m: EntityManager): Promise<number> {
    const [r]: { n: number }[] = await m.query(
      `WITH ins AS (
         INSERT INTO insight_contacts (contact_id, day, hour, imported)
         SELECT c.id, (c.received_at AT TIME ZONE 'Europe/London')::date, date_trunc('hour', c.received_at), c.imported
           FROM contacts c WHERE NOT EXISTS (SELECT 1 FROM insight_contacts i WHERE i.contact_id = c.id)
         ON CONFLICT (contact_id) DO NOTHING
         RETURNING contact_id, day, hour, imported),
       s AS (
         SELECT i.day, i.hour, unnest(ARRAY['total', 'agency:' || c.agency, 'source_group:' || c.source_group,
                                            'locality:' || c.locality]
                                      || CASE WHEN i.imported THEN ARRAY['imported'] ELSE ARRAY[]::text[] END) AS series
           FROM ins i JOIN contacts c ON c.id = i.contact_id),
       daily AS (
         INSERT INTO insight_daily (day, series, count) SELECT day, series, count(*) FROM s GROUP BY 1, 2
         ON CONFLICT (series, day) DO UPDATE SET count = insight_daily.count + EXCLUDED.count),
       hourly AS (
         INSERT INTO insight_hourly (hour, series, count) SELECT hour, series, count(*) FROM s GROUP BY 1, 2
         ON CONFLICT (series, hour) DO UPDATE SET count = insight_hourly.count + EXCLUDED.count)
       SELECT count(*)::int AS n FROM ins`,
    );
    return r.n;
  }

  /** Keeps a spike found in today's partial count (a complete day's spikes are read back from the counts). */
  async keepPartialSpike(
    m: EntityManager,
    s: { date: string; series: string; count: number; expected: number; upper: number },
  ): Promise<void> {
    await m.query(
      `INSERT INTO insight_spikes (day, series, count, expected, upper, partial) VALUES ($1,$2,$3,$4,$5,true)
       ON CONFLICT (day, series) DO NOTHING`,
      [s.date, s.series, s.count, s.expected, s.upper],
    );
  }

  /**
   * Of the total contacts on the given days, how many arrived before this time of day (Europe/London), and
   * how many in all (nulls when there were none).
   */
  async totalsBeforeTimeOfDay(
    m: EntityManager,
    days: string[],
    hours: number,
  ): Promise<{ before: number | null; whole: number | null }> {
    const [r]: { before: number | null; whole: number | null }[] = await m.query(
      `SELECT sum(count) FILTER (WHERE (hour AT TIME ZONE 'Europe/London')::time < $2::interval)::int AS before,
              sum(count)::int AS whole
         FROM insight_hourly
        WHERE series = 'total' AND (hour AT TIME ZONE 'Europe/London')::date = ANY($1::date[])`,
      [days, `${hours} hours`],
    );
    return r;
  }
}
