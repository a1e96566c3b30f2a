import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, ApiQuery, getSchemaPath } from '@nestjs/swagger';
import { ApiProblem } from '@app/http';
import type { DailyPoint, SpikeEntry } from './insights-read.usecase';

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

const range = [
  ApiQuery({
    name: 'from',
    required: true,
    schema: { type: 'string', format: 'date' },
    example: '2026-01-01',
  }),
  ApiQuery({ name: 'to', required: true, schema: { type: 'string', format: 'date' }, example: '2026-01-31' }),
  ApiProblem(400, 'A missing or malformed range', {
    title: 'Malformed request',
    type: '/problems/validation',
    detail: '1 field(s) at fault',
    errors: [{ path: 'query:from', message: 'is required: a date YYYY-MM-DD' }],
  }),
];
const series = ApiQuery({
  name: 'series',
  required: false,
  schema: { type: 'string' },
  description: 'Comma-separated series names (default: every series)',
});

export const DailyCountsDocs = () =>
  applyDecorators(...range, series, ApiExtraModels(DailyCount), ApiOkResponse({ type: DailyCounts }));
export const SpikesDocs = () => applyDecorators(...range, ApiOkResponse({ type: Spikes }));
export const SummaryDocs = () =>
  applyDecorators(
    ...range,
    ApiOkResponse({
      description:
        'Breakdowns, conversion by level and route, re-contacts, timeliness, queue and dead letters',
      schema: { type: 'object', additionalProperties: true },
    }),
  );
export const DailyCsvDocs = () =>
  applyDecorators(
    ...range,
    series,
    ApiOkResponse({
      description: 'date,series,count,expected,upper,spike',
      content: { 'text/csv': { schema: { type: 'string' } } },
    }),
  );
