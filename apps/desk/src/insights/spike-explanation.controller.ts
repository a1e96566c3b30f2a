import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { ApiProblem } from '@app/http';
import { SPIKE_CONTACT_READERS, SPIKE_EXPLAINERS } from '../desk-roles';
import { queryWithPathFaults, ValidQuery } from '../request-input/validate-input';
import { SpikeContactsDto, SpikeExplanationDto, SpikeSeriesQuery } from './spike-explanation.dto';
import { SpikeExplanationUseCase } from './spike-explanation.usecase';

/** What drove a flagged day, and its contacts one click away (insights-api.md reads' companion). */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('v1/insights/spikes')
export class SpikeExplanationController {
  constructor(private readonly explanation: SpikeExplanationUseCase) {}

  @Get(':date/explanation')
  @StaffOnly(...SPIKE_EXPLAINERS)
  @ApiOperation({
    operationId: 'explainSpike',
    summary:
      "A day's count by source, locality and need level against what the method expected (managers and above)",
  })
  @ApiParam({ name: 'date', description: 'A London day, YYYY-MM-DD', example: '2026-09-08' })
  @ApiOkResponse({ type: SpikeExplanationDto })
  @ApiProblem(400, 'Malformed request: a bad date or series, each named in errors')
  @ApiProblem(403, 'Your role may not do this')
  async explain(
    @Param('date') date: string,
    @ValidQuery(SpikeSeriesQuery, { withPathFaults: true }) query: SpikeSeriesQuery,
  ): Promise<SpikeExplanationDto> {
    const q = this.parse(date, query);
    return this.explanation.explain(q.day, date, q.series);
  }

  @Get(':date/contacts')
  @StaffOnly(...SPIKE_CONTACT_READERS)
  @ApiOperation({
    operationId: 'listSpikeContacts',
    summary:
      "The day's contacts in the series, without the child's identifiers (audited; duty managers and above)",
  })
  @ApiParam({ name: 'date', description: 'A London day, YYYY-MM-DD', example: '2026-09-08' })
  @ApiOkResponse({ type: SpikeContactsDto })
  @ApiProblem(400, 'Malformed request: a bad date or series, each named in errors')
  @ApiProblem(403, 'Your role may not do this')
  async contacts(
    @Param('date') date: string,
    @ValidQuery(SpikeSeriesQuery, { withPathFaults: true }) query: SpikeSeriesQuery,
    @CurrentStaff() actor: StaffActor,
  ): Promise<SpikeContactsDto> {
    const q = this.parse(date, query);
    return this.explanation.contacts(date, q.series, actor);
  }

  /** The day and series, or one 400 naming the path's date and the query's series, whichever are at fault. */
  private parse(date: string, query: SpikeSeriesQuery): { day: number; series: string } {
    const day = this.explanation.day(date);
    const q = queryWithPathFaults(query, 'fault' in day ? [day.fault] : []);
    return { day: (day as { day: number }).day, series: q.series ?? 'total' };
  }
}
