import { MalformedInputError } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAudit } from '@app/audit';
import { AppConfig } from '@app/config';
import { assessStoredSeries, dayOf, schoolCalendar, SPIKE_SERIES, spikeParamsFrom } from '@app/insights';
import type { SpikeContactsDto, SpikeDriverDto, SpikeExplanationDto } from './spike-explanation.dto';

/** Days before a flagged day whose mix of contacts sets each category's share of the expected count. */
const SHARE_DAYS = 56;

/**
 * Explains a flagged series-day: which source groups, localities and need levels drove it against what the
 * method expected of each, and (one click away, audited) the day's contacts. For the total, each category's
 * expectation is the method's own for that category's series; within a narrower series (police, a
 * locality), the series' expectation split by each category's share of the series over the 56 days before.
 */
@Injectable()
export class SpikeExplanationUseCase {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  parse(date: unknown, series: unknown): { day: number; date: string; series: string } {
    const errors: { path: string; message: string }[] = [];
    const day = typeof date === 'string' ? dayOf(date) : undefined;
    if (day === undefined) errors.push({ path: 'path:date', message: 'must be a date YYYY-MM-DD' });
    const s = series === undefined ? 'total' : series;
    if (typeof s !== 'string' || !SPIKE_SERIES.includes(s))
      errors.push({
        path: 'query:series',
        message: 'must be one of the watched series (total, source_group:<group>, locality:<locality>)',
      });
    if (errors.length) throw new MalformedInputError(errors);
    return { day: day!, date: date as string, series: s as string };
  }

  async explain(day: number, date: string, series: string): Promise<SpikeExplanationDto> {
    const params = spikeParamsFrom(this.config);
    const observed = await this.observed(series, date, date);
    const dims = { source_group: observed.source_group, locality: observed.locality, level: observed.level };
    const breakdownSeries =
      series === 'total'
        ? Object.entries(dims).flatMap(([dim, m]) => [...m.keys()].map((k) => `${dim}:${k}`))
        : [];
    const { bySeries } = await assessStoredSeries(
      this.dataSource,
      [series, ...breakdownSeries.filter((s) => s !== series)],
      day,
      params,
      day,
    );
    const at = (s: string) => bySeries.get(s)?.find((d) => d.date === date);
    const main = at(series);
    const expected = main?.expected ?? null;
    let shares: Record<string, Map<string, number>> | null = null;
    if (series !== 'total') {
      const from = new Date((day - SHARE_DAYS) * 86_400_000).toISOString().slice(0, 10);
      const to = new Date((day - 1) * 86_400_000).toISOString().slice(0, 10);
      const before = await this.observed(series, from, to);
      shares = {};
      for (const [dim, m] of Object.entries(before)) {
        if (dim === 'n') continue;
        const total = [...(m as Map<string, number>).values()].reduce((a, b) => a + b, 0);
        shares[dim] = new Map(
          [...(m as Map<string, number>)].map(([k, v]) => [k, total > 0 ? v / total : 0]),
        );
        for (const k of dims[dim as keyof typeof dims].keys()) if (!shares[dim].has(k)) shares[dim].set(k, 0);
      }
    }
    const drivers = (dim: 'source_group' | 'locality' | 'level'): SpikeDriverDto[] => {
      const keys = new Set([...dims[dim].keys(), ...(shares?.[dim]?.keys() ?? [])]);
      const rows = [...keys].map((key) => {
        const count = dims[dim].get(key) ?? 0;
        const e =
          series === 'total'
            ? (at(`${dim}:${key}`)?.expected ?? null)
            : expected !== null && shares
              ? Math.round(expected * (shares[dim].get(key) ?? 0) * 10) / 10
              : null;
        return { key, count, expected: e, excess: e === null ? null : Math.round((count - e) * 10) / 10 };
      });
      return rows.sort((a, b) => (b.excess ?? b.count) - (a.excess ?? a.count));
    };
    return {
      date,
      series,
      count: main?.count ?? observed.n,
      expected,
      upper: main?.upper ?? null,
      spike: main?.spike ?? false,
      schoolPeriod: schoolCalendar().periodOf(day),
      bySource: drivers('source_group'),
      byLocality: drivers('locality'),
      byLevel: drivers('level'),
    };
  }

  /** The day's contacts in the series, no child's identifiers; each read is audited. */
  async contacts(
    date: string,
    series: string,
    actor: { username: string; role: string },
  ): Promise<SpikeContactsDto> {
    const { where, args } = this.filter(series, 3);
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
    }[] = await this.dataSource.query(
      `SELECT c.id, c.received_at, c.agency, c.source_group, c.locality, ic.need_level, ic.route, c.status, c.imported
         FROM contacts c LEFT JOIN insight_contacts ic ON ic.contact_id = c.id
        WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
          AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') ${where}
        ORDER BY c.received_at, c.id`,
      [date, date, ...args],
    );
    await appendAudit(this.dataSource, {
      actor: actor.username,
      actorRole: actor.role,
      action: 'insights.spike_contacts.read',
      subjectType: 'insight_series',
      subjectId: series,
      details: { date, contacts: rows.length },
    });
    return {
      date,
      series,
      contacts: rows.map((r) => ({
        contactId: r.id,
        receivedAt: new Date(r.received_at).toISOString(),
        agency: r.agency,
        sourceGroup: r.source_group,
        locality: r.locality,
        needLevel: r.need_level === null ? null : Number(r.need_level),
        route: r.route,
        status: r.status,
        imported: r.imported,
      })),
    };
  }

  private filter(series: string, firstParam: number): { where: string; args: string[] } {
    const [kind, value] = series.split(':');
    if (kind === 'source_group') return { where: `AND c.source_group = $${firstParam}`, args: [value] };
    if (kind === 'locality') return { where: `AND c.locality = $${firstParam}`, args: [value] };
    return { where: '', args: [] };
  }

  /** Contacts of the series in a range of London days by source group, locality and need level. */
  private async observed(series: string, from: string, to: string) {
    const { where, args } = this.filter(series, 3);
    const rows: { source_group: string; locality: string; level: string | null; n: number }[] =
      await this.dataSource.query(
        `SELECT c.source_group, c.locality, ic.need_level::text AS level, count(*)::int AS n
           FROM contacts c LEFT JOIN insight_contacts ic ON ic.contact_id = c.id
          WHERE c.received_at >= ($1::date::timestamp AT TIME ZONE 'Europe/London')
            AND c.received_at < (($2::date + 1)::timestamp AT TIME ZONE 'Europe/London') ${where}
          GROUP BY 1, 2, 3`,
        [from, to, ...args],
      );
    const out = {
      n: 0,
      source_group: new Map<string, number>(),
      locality: new Map<string, number>(),
      level: new Map<string, number>(),
    };
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      out.n += r.n;
      add(out.source_group, r.source_group, r.n);
      add(out.locality, r.locality, r.n);
      if (r.level !== null) add(out.level, r.level, r.n);
    }
    return out;
  }
}
