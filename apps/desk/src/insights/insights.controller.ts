import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { Response } from 'express';
import { MANAGERS, StaffOnly } from '@app/auth';
import { InsightsReadUseCase } from './insights-read.usecase';

/** Dashboard reads (insights-api.md), for managers and above. */
@ApiTags('insights')
@ApiBearerAuth()
@StaffOnly(...MANAGERS)
@Controller('v1/insights')
export class InsightsController {
  constructor(private readonly reads: InsightsReadUseCase) {}

  /** One entry per day per series: count, and the method's expected value and alarm limit. */
  @Get('daily')
  @ApiOperation({ operationId: 'readDailyCounts' })
  async daily(@Query('from') from: unknown, @Query('to') to: unknown, @Query('series') series: unknown) {
    const range = this.reads.range(from, to);
    return { series: await this.reads.daily(range.from, range.to, this.reads.seriesNames(series)) };
  }

  /** Every series-day the method flagged, by date then series. */
  @Get('spikes')
  @ApiOperation({ operationId: 'readSpikes' })
  async spikes(@Query('from') from: unknown, @Query('to') to: unknown) {
    const range = this.reads.range(from, to);
    return { spikes: await this.reads.spikes(range.from, range.to) };
  }

  /** Breakdowns, conversion by level and route, re-contacts, timeliness, queue and dead letters. */
  @Get('summary')
  @ApiOperation({ operationId: 'readSummary' })
  async summary(@Query('from') from: unknown, @Query('to') to: unknown) {
    const range = this.reads.range(from, to);
    return this.reads.summary(range.from, range.to);
  }

  /** The daily read as CSV: date, series, count, expected, upper, spike. */
  @Get('daily.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({ operationId: 'downloadDailyCsv' })
  async dailyCsv(
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('series') series: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const range = this.reads.range(from, to);
    const daily = await this.reads.daily(range.from, range.to, this.reads.seriesNames(series));
    const spikes = new Set(
      (await this.reads.spikes(range.from, range.to)).map((s) => `${s.date}|${s.series}`),
    );
    res.setHeader('content-disposition', `attachment; filename="insights-daily-${from}-${to}.csv"`);
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
