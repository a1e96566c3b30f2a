import { dayOf, isoDateOf } from './days';
import { DailyCountsRepository, Queryable } from './daily-counts.repository';
import { schoolCalendar } from './school-year';

export type { Queryable } from './daily-counts.repository';

const dailyCounts = new DailyCountsRepository();
import { assessSeries, DayAssessment, SpikeMethodParams } from './spike-method';

export interface AssessedDay extends DayAssessment {
  date: string;
}

/**
 * Reads the kept daily counts of some series from the first day of any count up to `toDay`, and assesses
 * the days from `fromDay` with the method (history before a range matters: it is the baseline), knowing the
 * county's school calendar. Days with no row count
 * zero; days before the first count of all have no history and no limits.
 */
export async function assessStoredSeries(
  db: Queryable,
  series: readonly string[],
  toDay: number,
  params: SpikeMethodParams,
  /** Days before this one come back without limits (they are history only); all days when absent. */
  fromDay?: number,
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
  for (const s of series) {
    const assessed = assessSeries(counts.get(s)!, params, {
      startDay: firstDay,
      calendar: schoolCalendar(),
      from: fromDay === undefined ? 0 : Math.max(0, fromDay - firstDay),
    });
    bySeries.set(
      s,
      assessed.map((a) => ({ ...a, date: isoDateOf(firstDay + a.index) })),
    );
    // Years of days for every series hold the CPU for seconds: between series, let the app answer what is
    // waiting (another read's pool connection would otherwise time out behind this one).
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { firstDay, bySeries };
}
