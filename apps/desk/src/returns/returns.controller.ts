import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { ApiProblem } from '@app/http';
import { RETURNS_READERS } from '../desk-roles';
import { DateRangeQuery, rangeRules } from '../request-input/date-range.query';
import { ValidQuery } from '../request-input/validate-input';
import { CensusYearQuery, CinCensusReportView } from './returns.dto';
import { ReturnsUseCase } from './returns.usecase';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const badQuery = (path: string, message: string) =>
  ApiProblem(400, 'A parameter missing or malformed, each named in errors', {
    title: 'Malformed request',
    type: '/problems/validation',
    detail: '1 field(s) at fault',
    errors: [{ path, message }],
  });
const badYear = () =>
  badQuery('query:year', 'is required: the year the census year ends on 31 March of, e.g. 2026');

/** The statutory returns (statutory-returns.md): managers and heads of service; every download audited. */
@ApiTags('returns')
@ApiBearerAuth()
@StaffOnly(...RETURNS_READERS)
@Controller('v1/returns')
export class ReturnsController {
  constructor(private readonly returns: ReturnsUseCase) {}

  @Get('annex-a')
  @ApiOperation({
    operationId: 'downloadAnnexA',
    summary:
      "Ofsted's Annex A workbook: List 1 contacts and List 3 referrals in the window (manager, head_of_service)",
  })
  @ApiProduces(XLSX)
  @badQuery('query:to', 'must not be before from')
  @ApiOkResponse({
    description: 'The .xlsx workbook',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  async annexA(
    @ValidQuery(DateRangeQuery, { rules: rangeRules() }) q: DateRangeQuery,
    @CurrentStaff() actor: StaffActor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file } = await this.returns.annexA(actor, q);
    res.setHeader('content-type', XLSX);
    res.setHeader('content-disposition', `attachment; filename="annex-a-${q.from}-${q.to}.xlsx"`);
    return new StreamableFile(file);
  }

  @Get('cin-census')
  @ApiOperation({
    operationId: 'downloadCinCensus',
    summary: 'The CIN census XML message for the year ending 31 March of `year` (manager, head_of_service)',
  })
  @ApiProduces('application/xml')
  @badYear()
  @ApiOkResponse({
    description: 'The CIN census message',
    content: { 'application/xml': { schema: { type: 'string' } } },
  })
  async cinCensus(
    @ValidQuery(CensusYearQuery) q: CensusYearQuery,
    @CurrentStaff() actor: StaffActor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file, year: y } = await this.returns.censusXml(actor, Number(q.year));
    res.setHeader('content-type', 'application/xml; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="cin-census-${y}.xml"`);
    return new StreamableFile(file);
  }

  @Get('cin-census/report')
  @ApiOperation({
    operationId: 'getCinCensusReport',
    summary:
      'Each validation issue of the CIN census message: rule, child and field to complete (manager, head_of_service)',
  })
  @ApiOkResponse({ type: CinCensusReportView })
  @badYear()
  report(@ValidQuery(CensusYearQuery) q: CensusYearQuery, @CurrentStaff() actor: StaffActor) {
    return this.returns.censusReport(actor, Number(q.year));
  }
}
