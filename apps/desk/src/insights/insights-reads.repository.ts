import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessedDay, assessStoredSeries, SeriesAssessmentCache, SpikeMethodParams } from '@app/insights';

/** A contact of a spike's day, with no child's identifiers. */
export interface SpikeContactRow {
  id: string;
  receivedAt: Date;
  agency: string;
  sourceGroup: string;
  locality: string;
  needLevel: number | null;
  route: string | null;
  status: string;
  imported: boolean;
}

/** Contacts of a series counted by source group, locality and need level (null: not triaged). */
export interface ObservedCount {
  sourceGroup: string;
  locality: string;
  level: string | null;
  n: number;
}

/** A contact in a partner's figures: when it came, its first duty decision, and how it was closed. */
export interface PartnerContactRow {
  partnerId: string;
  receivedAt: Date;
  firstDecidedAt: Date | null;
  close: { outcome: string; cinNoFurtherAction: boolean } | null;
}

/** Only a series that names a source group or a locality narrows the contacts; `$n` numbered from `first`. */
function seriesFilter(series: string, firstParam: number): { where: string; args: string[] } {
  const [kind, value] = series.split(':');
  if (kind === 'source_group') return { where: `AND c.source_group = $${firstParam}`, args: [value] };
  if (kind === 'locality') return { where: `AND c.locality = $${firstParam}`, args: [value] };
  return { where: '', args: [] };
}

/**
 * The desk's insights reads (insights-api.md): the counts apps/insights keeps, the day's contacts behind a
 * spike, the live queue and the partners' figures. The one way the dashboard's use cases reach the tables.
 */
@Injectable()
export class InsightsReadsRepository {
  constructor(private readonly ds: DataSource) {}

  /** The stored daily series assessed by the spike method (libs/insights). */
  assessed(
    series: readonly string[],
    toDay: number,
    params: SpikeMethodParams,
    fromDay?: number,
    cache?: SeriesAssessmentCache | null,
  ): Promise<{ firstDay: number | null; bySeries: Map<string, AssessedDay[]> }> {
    return assessStoredSeries(this.ds, series, toDay, params, fromDay, cache);
  }

  /** Today's intra-day spikes in [from, to] (YYYY-MM-DD). */
  partialSpikes(
    from: string,
    to: string,
  ): Promise<{ date: string; series: string; count: number; expected: number; upper: number }[]> {
    return this.ds.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS date, series, count, expected, upper FROM insight_spikes
          WHERE partial AND day BETWEEN $1::date AND $2::date
            AND day >= (now() AT TIME ZONE 'Europe/London')::date`,
      [from, to],
    );
  }

  /** Every kept series' total over [from, to] (YYYY-MM-DD). */
  seriesTotals(from: string, to: string): Promise<{ series: string; n: number }[]> {
    return this.ds.query(
      `SELECT series, sum(count)::int AS n FROM insight_daily WHERE day BETWEEN $1::date AND $2::date GROUP BY series`,
      [from, to],
    );
  }

  /** The live queue: awaiting items, how many are overdue, and when the oldest came. */
  async queueDepth(): Promise<{ depth: number; overdue: number; oldest: Date | null }> {
    const [q]: { depth: number; overdue: number; oldest: Date | null }[] = await this.ds.query(
      `SELECT count(*)::int AS depth, count(*) FILTER (WHERE overdue OR due_at < now())::int AS overdue,
              min(created_at) AS oldest
         FROM desk_items WHERE state = 'awaiting'`,
    );
    return q;
  }

  /** The day's contacts in the series (a London date), in received order. */
  async contactsOfDay(date: string, series: string): Promise<SpikeContactRow[]> {
    const { where, args } = seriesFilter(series, 3);
    const rows: {
      id: string;
      received_at: Date;
      agency: string;
      source_group: string;
      locality: string;
      need_level: number | null;
      route: string | null;
      status: string;
      imported: boolean;
    }[] = await this.ds.query(
      `SELECT c.id, c.received_at, c.agency, c.source_group, c.locality, ic.need_level, ic.route, c.status, c.imported
         FROM contacts c LEFT JOIN insight_contacts ic ON ic.contact_id = c.id
        WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') ${where}
        ORDER BY c.received_at, c.id`,
      [date, date, ...args],
    );
    return rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      agency: r.agency,
      sourceGroup: r.source_group,
      locality: r.locality,
      needLevel: r.need_level,
      route: r.route,
      status: r.status,
      imported: r.imported,
    }));
  }

  /** Contacts of the series in a range of London days by source group, locality and need level. */
  async observed(series: string, from: string, to: string): Promise<ObservedCount[]> {
    const { where, args } = seriesFilter(series, 3);
    const rows: { source_group: string; locality: string; level: string | null; n: number }[] =
      await this.ds.query(
        `SELECT c.source_group, c.locality, ic.need_level::text AS level, count(*)::int AS n
           FROM contacts c LEFT JOIN insight_contacts ic ON ic.contact_id = c.id
          WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
            AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') ${where}
          GROUP BY 1, 2, 3`,
        [from, to, ...args],
      );
    return rows.map((r) => ({ sourceGroup: r.source_group, locality: r.locality, level: r.level, n: r.n }));
  }

  /** Every contact received in [from, to] (London dates) with its first duty decision and its closing. */
  async partnerContacts(from: string, to: string): Promise<PartnerContactRow[]> {
    const rows: {
      partner_id: string;
      received_at: Date;
      first_decided_at: Date | null;
      close_outcome: string | null;
      close_nfa: boolean | null;
    }[] = await this.ds.query(
      `SELECT c.partner_id, c.received_at,
              (SELECT min(d.created_at) FROM duty_decisions d WHERE d.contact_id = c.id) AS first_decided_at,
              cl.outcome AS close_outcome, cl.cin_no_further_action AS close_nfa
         FROM contacts c
         LEFT JOIN LATERAL (
           SELECT d.outcome, d.cin_no_further_action FROM duty_decisions d
            WHERE d.contact_id = c.id AND d.kind = 'close' ORDER BY d.created_at DESC, d.id DESC LIMIT 1
         ) cl ON true
        WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London')`,
      [from, to],
    );
    return rows.map((r) => ({
      partnerId: r.partner_id,
      receivedAt: new Date(r.received_at),
      firstDecidedAt: r.first_decided_at ? new Date(r.first_decided_at) : null,
      close: r.close_outcome ? { outcome: r.close_outcome, cinNoFurtherAction: !!r.close_nfa } : null,
    }));
  }

  async partners(
    ids: string[],
  ): Promise<{ id: string; name: string; agency: string; organisation: string | null }[]> {
    return ids.length
      ? this.ds.query('SELECT id, name, agency, organisation FROM partners WHERE id = ANY($1::uuid[])', [ids])
      : [];
  }
}
