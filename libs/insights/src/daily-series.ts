import { dayOf, isoDateOf } from './days';
import { DailyCountsRepository, Queryable } from './daily-counts.repository';
import { SchoolCalendar, schoolCalendar } from './school-year';
import { assessSeries, DayAssessment, SpikeMethodParams } from './spike-method';

export type { Queryable } from './daily-counts.repository';

const dailyCounts = new DailyCountsRepository();

export interface AssessedDay extends DayAssessment {
  date: string;
}

/**
 * Assessed series kept between reads: over ten years the method holds the CPU for seconds per read, and the
 * dashboard's reads (three at once per reader) assess the same series over the same days. An entry is reused
 * only when the counts just read from insight_daily are the very counts it was assessed from (same series,
 * days, range, parameters and calendar): a count changed by a triaged contact or an import makes the next
 * read assess that series again, so no alarm is ever stale. Reads arriving while another is assessing the
 * same counts share its assessment. The least recently used entries go past `maxEntries` series.
 */
export class SeriesAssessmentCache {
  private readonly entries = new Map<string, CacheEntry>();
  readonly stats = { hits: 0, misses: 0 };

  constructor(readonly maxEntries = 64) {}

  /** The entry for these counts, or a new one whose `run` the caller must call to assess them. */
  take(
    key: string,
    counts: Int32Array,
    calendar: SchoolCalendar,
    assess: () => AssessedDay[],
  ): { assessed: Promise<AssessedDay[]>; run?: () => void } {
    const hit = this.entries.get(key);
    if (hit && hit.calendar === calendar && sameCounts(hit.counts, counts)) {
      this.stats.hits++;
      this.entries.delete(key); // re-inserted: most recently used last
      this.entries.set(key, hit);
      return { assessed: hit.assessed };
    }
    this.stats.misses++;
    let settle!: { resolve: (a: AssessedDay[]) => void; reject: (e: unknown) => void };
    const assessed = new Promise<AssessedDay[]>((resolve, reject) => (settle = { resolve, reject }));
    assessed.catch(() => undefined); // a failure is the awaiting reads' to answer, never an unhandled one
    const entry: CacheEntry = { counts: counts.slice(), calendar, assessed };
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const run = () => {
      try {
        settle.resolve(assess());
      } catch (e) {
        if (this.entries.get(key) === entry) this.entries.delete(key);
        settle.reject(e);
      }
    };
    return { assessed, run };
  }

  clear(): void {
    this.entries.clear();
  }
}

interface CacheEntry {
  counts: Int32Array;
  calendar: SchoolCalendar;
  assessed: Promise<AssessedDay[]>;
}

function sameCounts(a: Int32Array, b: Int32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Reads the kept daily counts of some series from the first day of any count up to `toDay`, and assesses
 * the days from `fromDay` with the method (history before a range matters: it is the baseline), knowing the
 * county's school calendar. Days with no row count
 * zero; days before the first count of all have no history and no limits. With a `cache`, a series whose
 * counts are those of an earlier read is not assessed again (its days are shared: read them, never change
 * them).
 */
export async function assessStoredSeries(
  db: Queryable,
  series: readonly string[],
  toDay: number,
  params: SpikeMethodParams,
  /** Days before this one come back without limits (they are history only); all days when absent. */
  fromDay?: number,
  cache?: SeriesAssessmentCache | null,
): Promise<{ firstDay: number | null; bySeries: Map<string, AssessedDay[]> }> {
  const first = await dailyCounts.firstCountedDay(db);
  const firstDay = first ? dayOf(first)! : null;
  const bySeries = new Map<string, AssessedDay[]>();
  if (firstDay === null || firstDay > toDay) {
    for (const s of series) bySeries.set(s, []);
    return { firstDay, bySeries };
  }
  const rows = await dailyCounts.counts(db, series, isoDateOf(firstDay), isoDateOf(toDay));
  const length = toDay - firstDay + 1;
  const counts = new Map<string, Int32Array>(series.map((s) => [s, new Int32Array(length)]));
  for (const r of rows) counts.get(r.series)![dayOf(r.day)! - firstDay] = r.count;
  const calendar = schoolCalendar();
  const from = fromDay === undefined ? 0 : Math.max(0, fromDay - firstDay);
  const assess = (s: string) => () =>
    assessSeries(counts.get(s)!, params, { startDay: firstDay, calendar, from }).map((a) => ({
      ...a,
      date: isoDateOf(firstDay + a.index),
    }));
  // Every series' entry is taken before any is assessed, so a read arriving meanwhile waits for these
  // assessments rather than repeating them.
  const taken = series.map((s) =>
    cache
      ? cache.take(
          `${s}|${firstDay}|${toDay}|${from}|${JSON.stringify(params)}`,
          counts.get(s)!,
          calendar,
          assess(s),
        )
      : { assessed: null, run: assess(s) },
  );
  for (let i = 0; i < series.length; i++) {
    const t = taken[i];
    if (t.assessed === null) bySeries.set(series[i], t.run());
    else t.run?.();
    // Years of days for every series hold the CPU for seconds: between series assessed, let the app answer
    // what is waiting (another read's pool connection would otherwise time out behind this one).
    if (t.run) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  for (let i = 0; i < series.length; i++) {
    const t = taken[i];
    if (t.assessed !== null) bySeries.set(series[i], await t.assessed);
  }
  return { firstDay, bySeries };
}
