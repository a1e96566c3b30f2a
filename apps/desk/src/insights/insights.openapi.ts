import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  getSchemaPath,
} from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { ApiProblem } from '@app/http';
import { isSeriesName } from '@app/insights';
import { DateRangeQuery, rangeRules } from '../request-input/date-range.query';
import { Repeatable } from '../request-input/validate-input';
import { MAX_RANGE_DAYS } from './insights-read.usecase';
import type { DailyPoint, InsightsReadUseCase, SpikeEntry } from './insights-read.usecase';

export class DailyCount implements DailyPoint {
  @ApiProperty({ format: 'date' })
  date: string;
  @ApiProperty({ type: 'integer' })
  count: number;
  @ApiProperty({ type: Number, nullable: true, description: "The method's expected value" })
  expected: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The alarm limit' })
  upper: number | null;
}

export class Spike extends DailyCount implements SpikeEntry {
  @ApiProperty({ example: 'all' })
  series: string;
}

export class DailyCounts {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'array', items: { $ref: getSchemaPath(DailyCount) } },
    description: 'Per series name, one entry per day',
  })
  series: Record<string, DailyCount[]>;
}

export class Spikes {
  @ApiProperty({ type: [Spike] })
  spikes: Spike[];
}

/** The daily reads' query: a range, and the series to read (every spike series when none is named). */
export class DailyQuery extends DateRangeQuery {
  @ApiPropertyOptional({
    type: String,
    example: 'total,source_group:police',
    description: 'Comma-separated series names, or the parameter repeated (default: every series)',
  })
  @IsOptional()
  @Repeatable()
  @ValidateBy({
    name: 'isSeriesList',
    validator: {
      validate: (v: unknown) =>
        (Array.isArray(v) ? v : [v]).every(
          (s) => typeof s === 'string' && s.split(',').every((name) => isSeriesName(name)),
        ),
      defaultMessage: () =>
        'must name series such as total, source_group:<group>, locality:<locality>, comma-separated',
    },
  })
  series?: string | string[];
}

/** The range every insights read checks: `to` not before `from`, at most MAX_RANGE_DAYS days. */
export const INSIGHTS_RANGE = rangeRules(MAX_RANGE_DAYS);

const rangeFault = ApiProblem(400, 'A parameter missing or malformed, each named in errors', {
  title: 'Malformed request',
  type: '/problems/validation',
  detail: '1 field(s) at fault',
  errors: [{ path: 'query:from', message: 'is required: a date YYYY-MM-DD' }],
});

const COUNTS = (description: string) => ({
  type: 'object' as const,
  additionalProperties: { type: 'integer' },
  description,
});
const SHARE = {
  type: Number,
  nullable: true,
  minimum: 0,
  maximum: 1,
  description: 'null when nothing to divide',
};

export class SummaryConversion {
  @ApiProperty({ type: 'integer' }) triaged: number;
  @ApiProperty(COUNTS('Contacts triaged by level of need ("1" to "4")')) byLevel: Record<string, number>;
  @ApiProperty(COUNTS('Contacts triaged by route')) byRoute: Record<string, number>;
  @ApiProperty({ type: 'integer' }) levels3and4: number;
  @ApiProperty(SHARE) levels3and4Share: number | null;
}

export class SummaryRecontacts {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty(SHARE) share: number | null;
}

export class SummaryReferrals {
  @ApiProperty({ type: 'integer' }) count: number;
  @ApiProperty({ type: 'integer' }) reReferrals: number;
  @ApiProperty(SHARE) reReferralRate: number | null;
  @ApiProperty({ type: 'integer' }) noFurtherAction: number;
  @ApiProperty(COUNTS('Referrals by referral date (YYYY-MM-DD)')) byDay: Record<string, number>;
}

export class SummaryTimeliness {
  @ApiProperty({ type: 'integer' }) met: number;
  @ApiProperty({ type: 'integer' }) missed: number;
  @ApiProperty(SHARE) metShare: number | null;
}

export class SummaryQueue {
  @ApiProperty({ type: 'integer', description: 'Items awaiting a decision' }) depth: number;
  @ApiProperty({ type: 'integer' }) overdue: number;
  @ApiProperty({ type: 'integer', nullable: true }) oldestAgeSeconds: number | null;
}

export class InsightsSummary implements Awaited<ReturnType<InsightsReadUseCase['summary']>> {
  @ApiProperty({ format: 'date' }) from: string;
  @ApiProperty({ format: 'date' }) to: string;
  @ApiProperty({ type: 'integer', description: 'Contacts received' }) total: number;
  @ApiProperty({ type: 'integer', description: 'Of them, imported history' }) imported: number;
  @ApiProperty(COUNTS('Contacts by source group')) bySourceGroup: Record<string, number>;
  @ApiProperty(COUNTS('Contacts by locality')) byLocality: Record<string, number>;
  @ApiProperty(COUNTS('Contacts by agency')) byAgency: Record<string, number>;
  @ApiProperty({ type: SummaryConversion }) conversion: SummaryConversion;
  @ApiProperty({ type: SummaryRecontacts }) recontacts: SummaryRecontacts;
  @ApiProperty({ type: SummaryReferrals }) referrals: SummaryReferrals;
  @ApiProperty({ type: SummaryTimeliness }) timeliness: SummaryTimeliness;
  @ApiProperty({ type: SummaryQueue }) queue: SummaryQueue;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer', nullable: true },
    description: 'Messages held on each dead-letter topic; null when Kafka could not say',
  })
  deadLetters: Record<string, number | null>;
}

export const DailyCountsDocs = () =>
  applyDecorators(rangeFault, ApiExtraModels(DailyCount), ApiOkResponse({ type: DailyCounts }));
export const SpikesDocs = () => applyDecorators(rangeFault, ApiOkResponse({ type: Spikes }));
export const SummaryDocs = () =>
  applyDecorators(
    rangeFault,
    ApiOkResponse({
      description:
        'Breakdowns, conversion by level and route, re-contacts, timeliness, queue and dead letters',
      type: InsightsSummary,
    }),
  );
export const DailyCsvDocs = () =>
  applyDecorators(
    rangeFault,
    ApiOkResponse({
      description: 'date,series,count,expected,upper,spike',
      content: { 'text/csv': { schema: { type: 'string' } } },
    }),
  );
