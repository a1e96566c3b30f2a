import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { StaffOnly } from '@app/auth';
import { SUFFICIENCY_READERS } from '../desk-roles';
import { ShareView, SufficiencyAnswer } from './panel.dto';
import { sufficiencyCsv, SufficiencyUseCase } from './sufficiency.usecase';
import { ProblemResponses } from './placement-requests.openapi';

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
  @ApiQuery({ name: 'from', example: '2026-04-01' })
  @ApiQuery({ name: 'to', example: '2027-03-31' })
  @ApiOkResponse({ type: SufficiencyAnswer })
  @ProblemResponses(400)
  async read(@Query('from') from: unknown, @Query('to') to: unknown) {
    const range = this.sufficiency.range(from, to);
    return this.sufficiency.read(range.from, range.to);
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
  @ApiQuery({ name: 'from', example: '2026-04-01' })
  @ApiQuery({ name: 'to', example: '2027-03-31' })
  @ProblemResponses(400)
  async csv(
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const range = this.sufficiency.range(from, to);
    res.setHeader(
      'content-disposition',
      `attachment; filename="placement-sufficiency-${range.from}-${range.to}.csv"`,
    );
    return sufficiencyCsv(await this.sufficiency.read(range.from, range.to));
  }
}
