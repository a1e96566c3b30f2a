import { Controller, Get, Header, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffOnly } from '@app/auth';
import { SUFFICIENCY_READERS } from '../desk-roles';
import { DateRangeQuery, rangeRules } from '../request-input/date-range.query';
import { ValidQuery } from '../request-input/validate-input';
import { ShareView, SufficiencyAnswer } from './panel.dto';
import { MAX_RANGE_DAYS, sufficiencyCsv, SufficiencyUseCase } from './sufficiency.usecase';
import { ProblemResponses } from './placement-requests.openapi';

const RANGE = rangeRules(MAX_RANGE_DAYS);

/** Placement sufficiency (placement-gatekeeping.md, "Sufficiency"): managers and above. */
@ApiTags('insights')
@ApiBearerAuth()
@ApiExtraModels(ShareView)
@StaffOnly(...SUFFICIENCY_READERS)
@Controller('v1/insights')
export class SufficiencyController {
  constructor(private readonly sufficiency: SufficiencyUseCase) {}

  @Get('placements')
  @ApiOperation({
    operationId: 'getPlacementSufficiency',
    summary:
      'Requests by type and legal basis, shares held, cleared and emergency, panel decisions and days to decision, the diversion rate, placements by provider, out of county, unregistered, and the weekly cost committed',
  })
  @ApiOkResponse({ type: SufficiencyAnswer })
  @ProblemResponses(400)
  async read(@ValidQuery(DateRangeQuery, { rules: RANGE }) q: DateRangeQuery) {
    return this.sufficiency.read(q.from, q.to);
  }

  @Get('placements.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @ApiOperation({
    operationId: 'getPlacementSufficiencyCsv',
    summary: 'The same figures as CSV (figure,value)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({
    description: 'One `figure,value` row per figure of the JSON read',
    schema: { type: 'string' },
  })
  @ProblemResponses(400)
  async csv(
    @ValidQuery(DateRangeQuery, { rules: RANGE }) q: DateRangeQuery,
    @Res({ passthrough: true }) res: Response,
  ) {
    res.setHeader(
      'content-disposition',
      `attachment; filename="placement-sufficiency-${q.from}-${q.to}.csv"`,
    );
    return sufficiencyCsv(await this.sufficiency.read(q.from, q.to));
  }
}
