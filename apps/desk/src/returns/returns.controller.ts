import { Controller, Get, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Principal, StaffOnly } from '@app/auth';
import { Problem } from '@app/http';
import { RETURNS_READERS } from '../desk-roles';
import type { Actor } from '../actor';
import { CinCensusReportView } from './returns.dto';
import { ReturnsUseCase } from './returns.usecase';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const actorOf = (p: Principal): Actor => {
  if (p.kind !== 'staff') throw Problem.forbidden();
  return { username: p.username, role: p.role };
};

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
  @ApiQuery({ name: 'from', type: String, format: 'date', required: true })
  @ApiQuery({ name: 'to', type: String, format: 'date', required: true })
  @ApiProduces(XLSX)
  @ApiOkResponse({
    description: 'The .xlsx workbook',
    content: { [XLSX]: { schema: { type: 'string', format: 'binary' } } },
  })
  async annexA(
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { file } = await this.returns.annexA(actorOf(p), from, to);
    res.setHeader('content-type', XLSX);
    res.setHeader('content-disposition', `attachment; filename="annex-a-${from}-${to}.xlsx"`);
    return new StreamableFile(file);
  }

  @Get('cin-census')
  @ApiOperation({
    operationId: 'downloadCinCensus',
    summary: 'The CIN census XML message for the year ending 31 March of `year` (manager, head_of_service)',
  })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2026 })
  @ApiProduces('application/xml')
  @ApiOkResponse({
    description: 'The CIN census message',
    content: { 'application/xml': { schema: { type: 'string' } } },
  })
  async cinCensus(
    @Query('year') year: unknown,
    @CurrentPrincipal() p: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { xml, year: y } = await this.returns.censusXml(actorOf(p), year);
    res.setHeader('content-type', 'application/xml; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="cin-census-${y}.xml"`);
    return xml;
  }

  @Get('cin-census/report')
  @ApiOperation({
    operationId: 'getCinCensusReport',
    summary:
      'Each validation issue of the CIN census message: rule, child and field to complete (manager, head_of_service)',
  })
  @ApiQuery({ name: 'year', type: Number, required: true, example: 2026 })
  @ApiOkResponse({ type: CinCensusReportView })
  report(@Query('year') year: unknown, @CurrentPrincipal() p: Principal) {
    return this.returns.censusReport(actorOf(p), year);
  }
}
