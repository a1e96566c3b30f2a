import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Admin, Kafka } from 'kafkajs';
import { AppConfig } from '@app/config';
import { deadLetterTopic, Topic } from '@app/contracts';
import { dayOf, isoDateOf, SeriesAssessmentCache, SPIKE_SERIES, spikeParamsFrom } from '@app/insights';
import { KAFKA, TopicNames } from '@app/messaging';
import { ReferralRecorder } from '../referrals/referral-recorder';
import { ReferralReadsRepository } from '../referrals/referral-reads.repository';
import { InsightsReadsRepository } from './insights-reads.repository';

export interface DailyPoint {
  date: string;
  count: number;
  expected: number | null;
  upper: number | null;
}

export interface SpikeEntry {
  date: string;
  series: string;
  count: number;
  expected: number | null;
  upper: number | null;
}

/** The longest range one read may ask for (a little over ten years). */
export const MAX_RANGE_DAYS = 3700;

/** The dashboards' reads over the counts kept by apps/insights (insights-api.md), and the live picture. */
@Injectable()
export class InsightsReadUseCase implements OnApplicationShutdown {
  private admin: Promise<Admin> | null = null;
  /** The daily and spikes reads' assessed series, reused while their counts are unchanged (null: none). */
  assessments: SeriesAssessmentCache | null = new SeriesAssessmentCache();

  constructor(
    private readonly reads: InsightsReadsRepository,
    private readonly referralReads: ReferralReadsRepository,
    private readonly config: AppConfig,
    @Inject(KAFKA) private readonly kafka: Kafka,
    private readonly names: TopicNames,
    private readonly referralRecorder: ReferralRecorder,
  ) {}

  /** A range DateRangeQuery validated, as day numbers. */
  days(range: { from: string; to: string }): { from: number; to: number } {
    return { from: dayOf(range.from)!, to: dayOf(range.to)! };
  }

  /** The series a daily read names (validated by DailyQuery), or every spike series when it names none. */
  seriesNames(series: string | string[] | undefined): string[] {
    if (series === undefined) return [...SPIKE_SERIES];
    return [...new Set((Array.isArray(series) ? series : [series]).flatMap((s) => s.split(',')))];
  }

  async daily(from: number, to: number, series: string[]): Promise<Record<string, DailyPoint[]>> {
    const { firstDay, bySeries } = await this.reads.assessed(
      series,
      to,
      spikeParamsFrom(this.config),
      from,
      this.assessments,
    );
    const out: Record<string, DailyPoint[]> = {};
    for (const name of series) {
      const assessed = bySeries.get(name) ?? [];
      const points: DailyPoint[] = [];
      for (let d = from; d <= to; d++) {
        const a = firstDay !== null && d >= firstDay ? assessed[d - firstDay] : undefined;
        points.push({
          date: isoDateOf(d),
          count: a?.count ?? 0,
          expected: a?.expected ?? null,
          upper: a?.upper ?? null,
        });
      }
      out[name] = points;
    }
    return out;
  }

  /** Every series-day the method flags in the range, and today's intra-day spikes, by date then series. */
  async spikes(from: number, to: number): Promise<SpikeEntry[]> {
    const { firstDay, bySeries } = await this.reads.assessed(
      SPIKE_SERIES,
      to,
      spikeParamsFrom(this.config),
      from,
      this.assessments,
    );
    const found = new Map<string, SpikeEntry>();
    if (firstDay !== null) {
      for (const [series, days] of bySeries) {
        for (let d = Math.max(from, firstDay); d <= to; d++) {
          const a = days[d - firstDay];
          if (a?.spike)
            found.set(`${a.date}|${series}`, {
              date: a.date,
              series,
              count: a.count,
              expected: a.expected,
              upper: a.upper,
            });
        }
      }
    }
    const partial = await this.reads.partialSpikes(isoDateOf(from), isoDateOf(to));
    for (const p of partial) if (!found.has(`${p.date}|${p.series}`)) found.set(`${p.date}|${p.series}`, p);
    return [...found.values()].sort((a, b) =>
      a.date === b.date ? (a.series < b.series ? -1 : a.series > b.series ? 1 : 0) : a.date < b.date ? -1 : 1,
    );
  }

  /** Totals by every kept breakdown over the range, conversion, timeliness, and the live queue and DLQs. */
  async summary(from: number, to: number) {
    const rows = await this.reads.seriesTotals(isoDateOf(from), isoDateOf(to));
    const by = (prefix: string) =>
      Object.fromEntries(
        rows
          .filter((r) => r.series.startsWith(`${prefix}:`) && r.n !== 0)
          .map((r) => [r.series.slice(prefix.length + 1), r.n])
          .sort((a, b) => (b[1] as number) - (a[1] as number)),
      ) as Record<string, number>;
    const one = (s: string) => rows.find((r) => r.series === s)?.n ?? 0;
    const total = one('total');
    const triaged = one('triaged');
    const byLevel = by('level');
    const levels34 = (byLevel['3'] ?? 0) + (byLevel['4'] ?? 0);
    const met = one('timeliness:met');
    const missed = one('timeliness:missed');
    const share = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 1000 : null);
    return {
      from: isoDateOf(from),
      to: isoDateOf(to),
      total,
      imported: one('imported'),
      bySourceGroup: by('source_group'),
      byLocality: by('locality'),
      byAgency: by('agency'),
      conversion: {
        triaged,
        byLevel,
        byRoute: by('route'),
        levels3and4: levels34,
        levels3and4Share: share(levels34, triaged),
      },
      recontacts: { count: one('recontact'), share: share(one('recontact'), total) },
      referrals: await this.referrals(isoDateOf(from), isoDateOf(to)),
      timeliness: { met, missed, metShare: share(met, met + missed) },
      queue: await this.queue(),
      deadLetters: await this.deadLetters(),
    };
  }

  /** Referrals, re-referrals and their rate for the window: the same rows as Annex A's List 3. */
  async referrals(from: string, to: string) {
    return this.referralReads.transaction(async (m) => {
      await this.referralRecorder.settleImported(m);
      return this.referralReads.summary(m, from, to);
    });
  }

  async queue(): Promise<{ depth: number; overdue: number; oldestAgeSeconds: number | null }> {
    const q = await this.reads.queueDepth();
    return {
      depth: q.depth,
      overdue: q.overdue,
      oldestAgeSeconds: q.oldest
        ? Math.max(0, Math.round((Date.now() - new Date(q.oldest).getTime()) / 1000))
        : null,
    };
  }

  /** Messages held on each dead-letter topic (high watermark minus low, over partitions); null if unknown. */
  async deadLetters(): Promise<Record<string, number | null>> {
    const out: Record<string, number | null> = {};
    let admin: Admin | null = null;
    try {
      admin = await this.connectedAdmin();
    } catch {
      this.admin = null;
    }
    let existing: Set<string> | null = null;
    if (admin) {
      try {
        existing = new Set(await withTimeout(admin.listTopics(), 3000));
      } catch {
        existing = null;
      }
    }
    for (const t of Object.values(Topic)) {
      const dlq = deadLetterTopic(t);
      const physical = this.names.topic(dlq);
      if (!admin || !existing) {
        out[dlq] = null;
        continue;
      }
      if (!existing.has(physical)) {
        out[dlq] = 0; // never created: nothing was ever dead-lettered there
        continue;
      }
      try {
        const offsets = await withTimeout(admin.fetchTopicOffsets(physical), 3000);
        out[dlq] = offsets.reduce((s, p) => s + Number(BigInt(p.high) - BigInt(p.low)), 0);
      } catch {
        out[dlq] = null;
      }
    }
    return out;
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = withTimeout(
        admin.connect().then(() => admin),
        3000,
      );
    }
    return this.admin;
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = await this.admin?.catch(() => null);
    await admin?.disconnect().catch(() => undefined);
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  p.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), ms);
    }),
  ]);
}
