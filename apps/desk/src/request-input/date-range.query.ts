import { ApiProperty } from '@nestjs/swagger';
import { BodyRule, QueryDate } from './validate-input';

/**
 * `from` and `to`, London days, both included: the query of every read over a range of days (insights,
 * partner figures, placement sufficiency, Annex A). Routes add their limits as rules (`rangeRules`).
 */
export class DateRangeQuery {
  @ApiProperty({ format: 'date', example: '2026-01-01', description: 'First day (Europe/London)' })
  @QueryDate()
  from: string;
  @ApiProperty({ format: 'date', example: '2026-01-31', description: 'Last day, included' })
  @QueryDate()
  to: string;
}

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both included (0 or less when `to` is before `from`). */
export const daysIn = (r: DateRangeQuery): number =>
  (Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / DAY_MS + 1;

/** `to` not before `from` and, when given, at most `maxDays` days in all. */
export const rangeRules = (maxDays?: number): BodyRule<DateRangeQuery>[] => [
  (r) => {
    const days = daysIn(r);
    if (days < 1) return [{ path: 'to', message: 'must not be before from' }];
    if (maxDays !== undefined && days > maxDays)
      return [{ path: 'to', message: `the range may hold at most ${maxDays} days` }];
    return [];
  },
];
