import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { StaffOnly } from '@app/auth';
import { ApiProblem } from '@app/http';
import { PARTNER_FIGURES_READERS } from '../desk-roles';
import { DateRangeQuery } from '../request-input/date-range.query';
import { ValidQuery } from '../request-input/validate-input';
import { InsightsReadUseCase } from './insights-read.usecase';
import { INSIGHTS_RANGE } from './insights.openapi';
import { PartnerFiguresResponse, PartnerFiguresUseCase } from './partner-figures';

/** A problem answer documented with the one problem-details schema, and an example. */
const problem = (
  status: number,
  title: string,
  extra: { detail?: string; type?: string; errors?: { path: string; message: string }[] } = {},
) => ApiProblem(status, title, { title, ...extra });

/** Feedback to referrers on the dashboard: per partner, what became of the contacts it sent. */
@ApiTags('insights')
@ApiBearerAuth()
@Controller('v1/insights/partners')
export class PartnerFiguresController {
  constructor(
    private readonly reads: InsightsReadUseCase,
    private readonly figures: PartnerFiguresUseCase,
  ) {}

  @Get()
  @StaffOnly(...PARTNER_FIGURES_READERS)
  @ApiOperation({
    operationId: 'listPartnerFigures',
    summary:
      'Per partner: contacts sent, share decided within one working day, with no further action, referred',
  })
  @ApiResponse({ status: 200, type: PartnerFiguresResponse })
  @problem(400, 'Malformed request', {
    type: '/problems/validation',
    detail: '1 field(s) at fault',
    errors: [{ path: 'query:from', message: 'is required: a date YYYY-MM-DD' }],
  })
  @problem(401, 'Unauthorized', { detail: 'Missing or invalid credentials' })
  @problem(403, 'Forbidden', { detail: 'Your role may not do this' })
  async list(
    @ValidQuery(DateRangeQuery, { rules: INSIGHTS_RANGE }) q: DateRangeQuery,
  ): Promise<PartnerFiguresResponse> {
    const range = this.reads.days(q);
    return this.figures.execute(range.from, range.to);
  }
}
