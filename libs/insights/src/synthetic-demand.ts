import { SOURCE_GROUPS, SourceGroup } from '@app/contracts';
import { dayOf, isoDateOf, weekdayOfDay } from './days';
import { binomial, gamma, poisson, Rng, seededRng } from './random';
import { schoolCalendar, SchoolCalendar } from './school-year';
import { assessSeries, DEFAULT_SPIKE_PARAMS, SpikeMethodParams } from './spike-method';

/**
 * Synthetic daily demand for a county's front door, realistic enough to measure spike detection on:
 *  - a weekly pattern (Monday busiest, weekends a third of a weekday);
 *  - school terms: schools' contacts all but stop in the summer holidays (late July to early September) and
 *    the half terms, and surge on the September return; everyone else dips a little in August;
 *  - a Christmas lull, then the January rise (disclosures after the holidays);
 *  - a source mix like the Children in Need census (police largest, then council services, schools, health,
 *    individuals) and a gentle upward trend;
 *  - extra-Poisson day-to-day variation (a gamma day effect), as real counts have.
 * Deterministic for a seed.
 */
export const LOCALITIES = ['CITY', 'NORTH', 'WEST', 'SOUTH', 'OUT_OF_AREA', 'UNKNOWN'] as const;
export type SyntheticLocality = (typeof LOCALITIES)[number];

export const DEFAULT_SOURCE_MIX: Readonly<Record<SourceGroup, number>> = {
  police: 0.29,
  council_other: 0.27,
  schools: 0.2,
  health: 0.15,
  individuals: 0.09,
};

export const DEFAULT_LOCALITY_MIX: Readonly<Record<SyntheticLocality, number>> = {
  CITY: 0.34,
  NORTH: 0.22,
  WEST: 0.18,
  SOUTH: 0.2,
  OUT_OF_AREA: 0.04,
  UNKNOWN: 0.02,
};

/**
 * Weekly pattern by source, Sunday first. Police notifications (domestic abuse above all) run through the
 * weekend; schools send next to nothing when closed; the rest follow office hours.
 */
const WEEKDAY: Readonly<Record<SourceGroup, readonly number[]>> = {
  police: [1.1, 0.95, 0.9, 0.9, 0.95, 1.05, 1.15],
  schools: [0.02, 1.2, 1.15, 1.1, 1.05, 1.0, 0.03],
  health: [0.35, 1.15, 1.1, 1.05, 1.05, 1.0, 0.35],
  individuals: [0.6, 1.15, 1.05, 1.0, 1.0, 0.95, 0.6],
  council_other: [0.2, 1.2, 1.15, 1.1, 1.1, 1.0, 0.2],
};

export interface InjectedSpike {
  date: string;
  /** Multiplies the day's expected count. */
  factor: number;
  /** Only this source group's contacts (all of them when absent). */
  sourceGroup?: SourceGroup;
}

export interface DemandOptions {
  /** First day, YYYY-MM-DD. */
  start: string;
  days: number;
  seed: number;
  /** Contacts a year (about 33,000 for a county of 700,000: 100,000 in three years). */
  annualContacts?: number;
  sourceMix?: Readonly<Record<SourceGroup, number>>;
  /** Coefficient of variation of the day effect (0: pure Poisson). */
  dayVariation?: number;
  spikes?: InjectedSpike[];
  /** The school calendar behind term effects (the county's file when absent; null: approximate dates). */
  calendar?: SchoolCalendar | null;
}

export interface SyntheticDay {
  day: number;
  date: string;
  /** The true expected count by source group (before the random day effect, after any injected spike). */
  expected: Record<SourceGroup, number>;
  expectedTotal: number;
  counts: Record<SourceGroup, number>;
  localities: Record<SyntheticLocality, number>;
  total: number;
}

/**
 * Season factors for a date, [schools, everyone else], from the county's school calendar where it covers
 * the date: the summer holiday (schools all but stop, everyone else dips, most in August), the return to
 * school (schools well above their usual level in the first week, still above for three), Christmas, the
 * first weeks of the spring term (disclosures after the holidays), half terms and Easter. Outside the
 * calendar, approximate dates.
 */
export function seasonFactors(day: number, calendar: SchoolCalendar | null = null): [number, number] {
  if (calendar?.covers(day)) {
    const month = new Date(day * 86_400_000).getUTCMonth() + 1;
    if (calendar.has(day, 'return_first_week')) return [1.5, 1.05];
    if (calendar.has(day, 'return_to_school')) return [1.3, 1.03];
    switch (calendar.periodOf(day)) {
      case 'summer':
        return [0.08, month === 8 ? 0.85 : 0.92];
      case 'christmas':
        return [0.05, 0.7];
      case 'half_term':
      case 'easter':
        return [0.1, 0.95];
      default:
        return calendar.has(day, 'new_year_term') ? [1.15, 1.12] : [1, 1];
    }
  }
  return approximateSeasonFactors(day);
}

function approximateSeasonFactors(day: number): [number, number] {
  const d = new Date(day * 86_400_000);
  const month = d.getUTCMonth() + 1;
  const date = d.getUTCDate();
  const md = month * 100 + date;
  // School summer holidays, about 22 July to 3 September.
  if (md >= 722 && md <= 903) return [0.08, month === 8 ? 0.85 : 0.92];
  // The September return: schools above their usual level for the first weeks of term.
  if (md >= 904 && md <= 930) return [1.35, 1.03];
  // Christmas and New Year.
  if (md >= 1222 || md <= 103) return [0.05, 0.7];
  // The January rise.
  if (month === 1) return [1.15, 1.12];
  // Half terms (a week each, approximately) and Easter.
  const inWeek = (m: number, from: number) => month === m && date >= from && date < from + 7;
  if (inWeek(10, 25) || inWeek(2, 14) || inWeek(5, 27) || (month === 4 && date >= 3 && date < 17))
    return [0.1, 0.95];
  return [1, 1];
}

export function generateDemand(options: DemandOptions): SyntheticDay[] {
  const rng = seededRng(options.seed);
  const start = dayOf(options.start);
  if (start === undefined) throw new Error(`start must be YYYY-MM-DD, got ${options.start}`);
  const annual = options.annualContacts ?? 33_000;
  const mix = options.sourceMix ?? DEFAULT_SOURCE_MIX;
  const cv = options.dayVariation ?? 0.08;
  const shape = cv > 0 ? 1 / (cv * cv) : 0;
  // Scale so that a year holds about `annual` (seasons take about 5% off).
  const weekly = (g: SourceGroup) => WEEKDAY[g].reduce((a, b) => a + b, 0);
  const perWeekUnit = annual / (52.18 * 0.95);
  const spikes = new Map<number, InjectedSpike[]>();
  for (const s of options.spikes ?? []) {
    const d = dayOf(s.date);
    if (d === undefined) throw new Error(`spike date must be YYYY-MM-DD, got ${s.date}`);
    spikes.set(d, [...(spikes.get(d) ?? []), s]);
  }
  const calendar = options.calendar === undefined ? schoolCalendar() : options.calendar;
  const out: SyntheticDay[] = [];
  for (let i = 0; i < options.days; i++) {
    const day = start + i;
    const trend = 1 + 0.03 * (i / 365);
    const [schoolSeason, otherSeason] = seasonFactors(day, calendar);
    // A bank holiday is a Sunday to every source; offices catch up on the next working day.
    const bankHoliday = calendar?.has(day, 'bank_holiday') ?? false;
    const catchUp = calendar?.has(day, 'after_bank_holiday') ? 1.2 : 1;
    const weekday = bankHoliday ? 0 : weekdayOfDay(day);
    const effect = shape > 0 ? gamma(shape, rng) / shape : 1;
    const expected = {} as Record<SourceGroup, number>;
    const counts = {} as Record<SourceGroup, number>;
    let total = 0;
    let expectedTotal = 0;
    for (const g of SOURCE_GROUPS) {
      const season = g === 'schools' ? schoolSeason : otherSeason;
      let lambda =
        ((perWeekUnit * mix[g] * WEEKDAY[g][weekday]) / weekly(g)) *
        trend *
        season *
        (g === 'police' ? 1 : catchUp);
      for (const s of spikes.get(day) ?? []) if (!s.sourceGroup || s.sourceGroup === g) lambda *= s.factor;
      expected[g] = lambda;
      counts[g] = poisson(lambda * effect, rng);
      total += counts[g];
      expectedTotal += lambda;
    }
    out.push({
      day,
      date: isoDateOf(day),
      expected,
      expectedTotal,
      counts,
      localities: splitLocalities(total, rng),
      total,
    });
  }
  return out;
}

function splitLocalities(total: number, rng: Rng): Record<SyntheticLocality, number> {
  const out = {} as Record<SyntheticLocality, number>;
  let left = total;
  let share = 1;
  for (const l of LOCALITIES) {
    const p = DEFAULT_LOCALITY_MIX[l] / share;
    const n = l === LOCALITIES[LOCALITIES.length - 1] ? left : binomial(left, Math.min(1, p), rng);
    out[l] = n;
    left -= n;
    share -= DEFAULT_LOCALITY_MIX[l];
  }
  return out;
}

export interface SpikeQualityOptions {
  seeds: number[];
  /** Years simulated per seed; detection and false alarms are counted after the first `warmupDays`. */
  years?: number;
  warmupDays?: number;
  start?: string;
  annualContacts?: number;
  spikeFactor?: number;
  params?: SpikeMethodParams;
}

export interface SeriesQuality {
  series: string;
  days: number;
  falseAlarms: number;
  falseAlarmRate: number;
  /** False alarms on clean days outside the first three weeks of the autumn term (the return to school). */
  falseAlarmRateOutsideReturn: number;
  daysOutsideReturn: number;
  falseAlarmsOutsideReturn: number;
  detected: number;
  detectionRate: number;
}

export interface SpikeQuality {
  /** On the total series: the share of days with a count at `spikeFactor` x expected that alarm. */
  detectionRate: number;
  /** On the total series: the share of clean days that alarm. */
  falseAlarmRate: number;
  days: number;
  series: SeriesQuality[];
}

/**
 * Measures the method on synthetic demand. False alarms: days flagged on the clean series. Detection: for
 * each day, a count drawn at `spikeFactor` x that day's expected count, assessed against the limit the clean
 * history gives that day (a one-day spike does not enter its own baseline, so every day can be tried).
 */
export function measureSpikeQuality(options: SpikeQualityOptions): SpikeQuality {
  const params = options.params ?? DEFAULT_SPIKE_PARAMS;
  const factor = options.spikeFactor ?? 2;
  const years = options.years ?? 3;
  const warmup = options.warmupDays ?? 371;
  const tallies = new Map<string, SeriesQuality>();
  const start = options.start ?? '2023-01-02';
  const context = { startDay: dayOf(start)!, calendar: schoolCalendar() };
  const tally = (series: string, clean: number[], expected: number[], rng: Rng) => {
    const assessed = assessSeries(clean, params, context);
    const q = tallies.get(series) ?? {
      series,
      days: 0,
      falseAlarms: 0,
      falseAlarmRate: 0,
      falseAlarmRateOutsideReturn: 0,
      daysOutsideReturn: 0,
      falseAlarmsOutsideReturn: 0,
      detected: 0,
      detectionRate: 0,
    };
    for (let i = warmup; i < clean.length; i++) {
      const a = assessed[i];
      q.days++;
      if (a.spike) q.falseAlarms++;
      if (!context.calendar.isReturnToSchool(context.startDay + i)) {
        q.daysOutsideReturn++;
        if (a.spike) q.falseAlarmsOutsideReturn++;
      }
      const spiked = poisson(expected[i] * factor, rng);
      if (a.upper !== null && spiked > a.upper && spiked >= params.minCount) q.detected++;
    }
    tallies.set(series, q);
  };
  for (const seed of options.seeds) {
    const demand = generateDemand({
      start,
      days: Math.round(years * 365.25),
      seed,
      annualContacts: options.annualContacts,
    });
    const rng = seededRng(seed ^ 0x5bd1e995);
    tally(
      'total',
      demand.map((d) => d.total),
      demand.map((d) => d.expectedTotal),
      rng,
    );
    for (const g of SOURCE_GROUPS) {
      tally(
        `source_group:${g}`,
        demand.map((d) => d.counts[g]),
        demand.map((d) => d.expected[g]),
        rng,
      );
    }
  }
  const series = [...tallies.values()].map((q) => ({
    ...q,
    falseAlarmRate: q.falseAlarms / q.days,
    falseAlarmRateOutsideReturn: q.falseAlarmsOutsideReturn / Math.max(1, q.daysOutsideReturn),
    detectionRate: q.detected / q.days,
  }));
  const total = series.find((s) => s.series === 'total')!;
  return {
    detectionRate: total.detectionRate,
    falseAlarmRate: total.falseAlarmRate,
    days: total.days,
    series,
  };
}
