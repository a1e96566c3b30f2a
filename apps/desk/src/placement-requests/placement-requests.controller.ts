import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, Principal, StaffOnly } from '@app/auth';
import { Problem } from '@app/http';
import { listPlacementRequests, publicView, readPlacementRequest } from './placement-request-view';
import { GATEKEEPING_OUTCOMES } from './placement-vocabulary';
import { RecordPlacementRequestUseCase } from './record-placement-request.usecase';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Placement requests and their gatekeeping (placement-gatekeeping.md). */
@ApiTags('placement requests')
@ApiBearerAuth()
@Controller('v1/placement-requests')
export class PlacementRequestsController {
  constructor(
    private readonly record: RecordPlacementRequestUseCase,
    private readonly dataSource: DataSource,
  ) {}

  @Post()
  @HttpCode(201)
  @StaffOnly('social_worker', 'manager')
  @ApiOperation({
    operationId: 'createPlacementRequest',
    summary: 'Request a placement: gatekept at once, alerting when alternatives are not exhausted',
  })
  async create(
    @Body() body: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (principal.kind !== 'staff') throw Problem.forbidden();
    const request = await this.record.execute({
      body,
      submittedBy: { userId: principal.userId, username: principal.username, role: principal.role },
    });
    res.setHeader('Location', `/v1/placement-requests/${request.id}`);
    return publicView(request);
  }

  @Get()
  @StaffOnly('social_worker', 'manager', 'duty_manager', 'head_of_service', 'admin')
  @ApiOperation({
    operationId: 'listPlacementRequests',
    summary: 'Placement requests, newest first (filter by childId or outcome)',
  })
  async list(
    @Query('childId') childId?: string,
    @Query('outcome') outcome?: string,
    @Query('limit') limit?: string,
  ) {
    const errors = [];
    if (childId !== undefined && !UUID.test(childId))
      errors.push({ path: 'query:childId', message: 'must be a uuid' });
    if (outcome !== undefined && !(GATEKEEPING_OUTCOMES as readonly string[]).includes(outcome))
      errors.push({ path: 'query:outcome', message: `must be one of ${GATEKEEPING_OUTCOMES.join(', ')}` });
    const n = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 500)
      errors.push({ path: 'query:limit', message: 'must be 1 to 500' });
    if (errors.length) throw Problem.validation(400, errors);
    const items = await listPlacementRequests(this.dataSource.manager, { childId, outcome, limit: n });
    return { items };
  }

  @Get(':id')
  @StaffOnly('social_worker', 'manager', 'duty_manager', 'head_of_service', 'admin')
  @ApiOperation({
    operationId: 'readPlacementRequest',
    summary: 'A placement request with its gatekeeping result and the alerts raised',
  })
  async read(
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => Problem.notFound('No such placement request') }))
    id: string,
  ) {
    const request = await readPlacementRequest(this.dataSource.manager, id);
    if (!request) throw Problem.notFound('No such placement request');
    // The same shape as the POST answer (placement-gatekeeping.md); the list carries the request's details.
    return publicView(request);
  }
}
