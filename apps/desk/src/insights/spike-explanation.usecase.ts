import { Injectable } from '@nestjs/common';
import { AuditTrail } from '@app/audit';
import { AppConfig } from '@app/config';
import { dayOf, schoolCalendar, spikeParamsFrom } from '@app/insights';
import { InsightsReadsRepository } from './insights-reads.repository';
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
    private readonly reads: InsightsReadsRepository,
    private readonly audit: AuditTrail,
    private readonly config: AppConfig,
  ) {}

  /** The path's day, or its fault (SpikeSeriesQuery checks the query beside it). */
  day(date: string): { day: number } | { fault: { path: string; message: string } } {
    const day = dayOf(date);
    return day === undefined
      ? { fault: { path: 'path:date', message: 'must be a date YYYY-MM-DD' } }
      : { day };
  }

  async explain(day: number, date: string, series: string): Promise<SpikeExplanationDto> {
    const params = spikeParamsFrom(this.config);
    const observed = await this.observed(series, date, date);
    const dims = { source_group: observed.source_group, locality: observed.locality, level: observed.level };
    const breakdownSeries =
      series === 'total'
        ? Object.entries(dims).flatMap(([dim, m]) => [...m.keys()].map((k) => `${dim}:${k}`))
        : [];
    const { bySeries } = await this.reads.assessed(
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
    const rows = await this.reads.contactsOfDay(date, series);
    await this.audit.record({
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
        receivedAt: new Date(r.receivedAt).toISOString(),
        agency: r.agency,
        sourceGroup: r.sourceGroup,
        locality: r.locality,
        needLevel: r.needLevel === null ? null : Number(r.needLevel),
        route: r.route,
        status: r.status,
        imported: r.imported,
      })),
    };
  }

  /** Contacts of the series in a range of London days by source group, locality and need level. */
  private async observed(series: string, from: string, to: string) {
    const rows = await this.reads.observed(series, from, to);
    const out = {
      n: 0,
      source_group: new Map<string, number>(),
      locality: new Map<string, number>(),
      level: new Map<string, number>(),
    };
    const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
    for (const r of rows) {
      out.n += r.n;
      add(out.source_group, r.sourceGroup, r.n);
      add(out.locality, r.locality, r.n);
      if (r.level !== null) add(out.level, r.level, r.n);
    }
    return out;
  }
}
