import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { raiseAlert } from '@app/alerting';
import { MANAGERS } from '@app/auth';
import { AppConfig } from '@app/config';
import {
  AssessedDay,
  assessStoredSeries,
  dayOf,
  isoDateOf,
  londonDayOf,
  partialDayLimit,
  SPIKE_SERIES,
  spikeParamsFrom,
} from '@app/insights';
import { settlePending } from '../counts/count-contact';
import { CountsRepository } from '../counts/counts.repository';

export interface SpikeFound {
  date: string;
  series: string;
  count: number;
  expected: number;
  upper: number;
  partial: boolean;
}

/**
 * The scheduled spike check: settles what no event counts (see settlePending), then assesses every spike
 * series for the day(s) asked (default: yesterday, now complete) and today so far (today's count against the
 * expected-so-far: the share of a day's contacts that usually arrive by this time of day). Each spike raises
 * one REFERRAL_SPIKE alert to managers per series per day (dedupe key `spike:<series>:<date>`).
 */
@Injectable()
export class SpikeCheckUseCase {
  private readonly logger = new Logger(SpikeCheckUseCase.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly counts: CountsRepository,
  ) {}

  async execute(cmd: { day?: string; now?: Date } = {}): Promise<SpikeFound[]> {
    const now = cmd.now ?? new Date();
    while ((await this.dataSource.transaction((m) => settlePending(m))) > 0);
    const { day: today, timeOfDayMs } = londonDayOf(now.getTime());
    const complete = cmd.day ? dayOf(cmd.day) : today - 1;
    if (complete === undefined) throw new Error(`day must be YYYY-MM-DD, got ${cmd.day}`);
    const params = spikeParamsFrom(this.config);
    const { bySeries } = await assessStoredSeries(
      this.dataSource,
      SPIKE_SERIES,
      today,
      params,
      Math.min(complete, today),
    );
    const fraction = await this.fractionSoFar(today, timeOfDayMs);
    const found: SpikeFound[] = [];
    for (const [series, days] of bySeries) {
      const at = (d: number) => days.find((x) => x.date === isoDateOf(d));
      const full = complete < today ? at(complete) : undefined;
      if (full?.spike) found.push(this.spike(series, full, full.upper!, full.expected!, false));
      const now = at(today);
      if (!now) continue;
      if (now.spike) found.push(this.spike(series, now, now.upper!, now.expected!, false));
      else if (fraction !== null) {
        const limit = partialDayLimit(now, fraction, params);
        if (limit && now.count > limit.upper && now.count >= params.minCount)
          found.push(this.spike(series, now, limit.upper, limit.expected, true));
      }
    }
    for (const s of found) await this.raise(s, now);
    if (found.length) this.logger.log(`${found.length} referral spike(s) found`);
    return found;
  }

  private spike(
    series: string,
    d: AssessedDay,
    upper: number,
    expected: number,
    partial: boolean,
  ): SpikeFound {
    return { date: d.date, series, count: d.count, expected, upper, partial };
  }

  private async raise(s: SpikeFound, now: Date): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      if (s.partial) {
        await this.counts.keepPartialSpike(m, s);
      }
      const low = Math.max(0, Math.round(s.expected - (s.upper - s.expected)));
      await raiseAlert(
        m,
        {
          kind: 'REFERRAL_SPIKE',
          dedupeKey: `spike:${s.series}:${s.date}`,
          title: `Referral spike: ${s.series} on ${s.date}`,
          body:
            `${s.count} contacts in series ${s.series} on ${s.date}${s.partial ? ' so far today' : ''}, ` +
            `above the expected range ${low} to ${s.upper} (expected ${s.expected}).`,
          recipientRoles: [...MANAGERS],
          subjectType: 'insight_series',
          subjectId: s.series,
          details: { ...s },
        },
        now,
      );
    });
  }

  /**
   * The share of a day's contacts that usually arrive before this time of day: from the hourly counts of
   * the same weekdays in the baseline weeks. Null when there are too few to tell, or it is too early.
   */
  private async fractionSoFar(today: number, timeOfDayMs: number): Promise<number | null> {
    const days = Array.from({ length: this.config.INSIGHTS_BASELINE_WEEKS }, (_, i) =>
      isoDateOf(today - 7 * (i + 1)),
    );
    const r = await this.counts.totalsBeforeTimeOfDay(
      this.dataSource.manager,
      days,
      Math.floor(timeOfDayMs / 3_600_000),
    );
    const fraction = r.whole && r.whole >= 50 ? (r.before ?? 0) / r.whole : timeOfDayMs / 86_400_000;
    return fraction >= 0.05 ? fraction : null;
  }
}
