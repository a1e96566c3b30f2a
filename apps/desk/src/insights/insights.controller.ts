import { Controller, Get, Header, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { MANAGERS, StaffOnly } from '@app/auth';
import { DateRangeQuery } from '../request-input/date-range.query';
import { ValidQuery } from '../request-input/validate-input';
import { InsightsReadUseCase } from './insights-read.usecase';
import {
  DailyCountsDocs,
  DailyCsvDocs,
  DailyQuery,
  INSIGHTS_RANGE,
  SpikesDocs,
  SummaryDocs,
} from './insights.openapi';

/** Dashboard reads (insights-api.md), for managers and above. */
@ApiTags('insights')
@ApiBearerAuth()
@StaffOnly(...MANAGERS)
@Controller('v1/insights')
export class InsightsController {
  constructor(private readonly reads: InsightsReadUseCase) {}

  /** One entry per day per series: count, and the method's expected value and alarm limit. */
  @Get('daily')
  @ApiOperation({
    operationId: 'readDailyCounts',
    summary: 'Daily counts per series, with the expected value and alarm limit (managers)',
  })
  @DailyCountsDocs()
  async daily(@ValidQuery(DailyQuery, { rules: INSIGHTS_RANGE }) q: DailyQuery) {
    const range = this.reads.days(q);
    return { series: await this.reads.daily(range.from, range.to, this.reads.seriesNames(q.series)) };
  }

  /** Every series-day the method flagged, by date then series. */
  @Get('spikes')
  @ApiOperation({ operationId: 'readSpikes', summary: 'Every series-day the method flagged (managers)' })
  @SpikesDocs()
  async spikes(@ValidQuery(DateRangeQuery, { rules: INSIGHTS_RANGE }) q: DateRangeQuery) {
    const range = this.reads.days(q);
    return { spikes: await this.reads.spikes(range.from, range.to) };
  }

  /** Breakdowns, conversion by level and route, re-contacts, timeliness, queue and dead letters. */
  @Get('summary')
  @ApiOperation({
    operationId: 'readSummary',
    summary: 'Breakdowns, conversion, re-contacts, timeliness, queue and dead letters (managers)',
  })
  @SummaryDocs()
  async summary(@ValidQuery(DateRangeQuery, { rules: INSIGHTS_RANGE }) q: DateRangeQuery) {
    const range = this.reads.days(q);
    return this.reads.summary(range.from, range.to);
  }

  /** The daily read as CSV: date, series, count, expected, upper, spike. */
  @Get('daily.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ operationId: 'downloadDailyCsv', summary: 'The daily counts as CSV (managers)' })
  @DailyCsvDocs()
  async dailyCsv(
    @ValidQuery(DailyQuery, { rules: INSIGHTS_RANGE }) q: DailyQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    const range = this.reads.days(q);
    const daily = await this.reads.daily(range.from, range.to, this.reads.seriesNames(q.series));
    const spikes = new Set(
      (await this.reads.spikes(range.from, range.to)).map((s) => `${s.date}|${s.series}`),
    );
    res.setHeader('content-disposition', `attachment; filename="insights-daily-${q.from}-${q.to}.csv"`);
    const lines = ['date,series,count,expected,upper,spike'];
    for (const [name, points] of Object.entries(daily)) {
      for (const p of points) {
        lines.push(
          [
            p.date,
            name,
            p.count,
            p.expected ?? '',
            p.upper ?? '',
            spikes.has(`${p.date}|${name}`) ? 1 : 0,
          ].join(','),
        );
      }
    }
    return lines.join('\n') + '\n';
  }
}
