import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentStaff, StaffActor, StaffOnly } from '@app/auth';
import { uuidOr404 } from '@app/http';
import {
  PANEL_ACTION_COMPLETERS,
  PANEL_CHAIRS,
  PLACEMENT_READERS,
  PLACEMENT_REQUESTERS,
  PLACEMENT_UPDATERS,
} from '../desk-roles';
import {
  ActionDoneBody,
  EvidenceBody,
  OutcomeBody,
  PanelDecisionBody,
  PanelListAnswer,
  PlacementRequestAnswer,
  PlacementRequestListAnswer,
  PlacementTimelineAnswer,
} from './panel.dto';
import { publicView } from './placement-request-view';
import { PlacementPanelUseCase } from './placement-panel.usecase';
import { ReadPlacementRequestsUseCase } from './read-placement-requests.usecase';
import { RecordOutcomeUseCase } from './record-outcome.usecase';
import { RecordPlacementRequestUseCase } from './record-placement-request.usecase';
import { PlacementRequestBodyDocs, PlacementRequestListQuery } from './placement-requests.openapi';
import { UpdateEvidenceUseCase } from './update-evidence.usecase';
import { ProblemResponses } from './placement-requests.openapi';
import { ValidQuery } from '../request-input/validate-input';

const requestId = () => uuidOr404('No such placement request');

/** Placement requests, their gatekeeping, the panel's decisions, evidence and outcomes (placement-gatekeeping.md). */
@ApiTags('placement requests')
@ApiBearerAuth()
@Controller('v1/placement-requests')
export class PlacementRequestsController {
  constructor(
    private readonly record: RecordPlacementRequestUseCase,
    private readonly reads: ReadPlacementRequestsUseCase,
    private readonly panel: PlacementPanelUseCase,
    private readonly evidence: UpdateEvidenceUseCase,
    private readonly outcomes: RecordOutcomeUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @StaffOnly(...PLACEMENT_REQUESTERS)
  @ApiOperation({
    operationId: 'createPlacementRequest',
    summary: 'Request a placement: gatekept at once, alerting when alternatives are not exhausted',
  })
  @PlacementRequestBodyDocs()
  @ApiCreatedResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(400, 422)
  async create(
    @Body() body: unknown,
    @CurrentStaff() actor: StaffActor,
    @Res({ passthrough: true }) res: Response,
  ) {
    const request = await this.record.execute({
      body,
      submittedBy: actor,
    });
    res.setHeader('Location', `/v1/placement-requests/${request.id}`);
    return publicView(request);
  }

  @Get()
  @StaffOnly(...PLACEMENT_READERS)
  @ApiOperation({
    operationId: 'listPlacementRequests',
    summary:
      "Placement requests, newest first (filter by childId or outcome); a social worker's own only; every one read is audited",
  })
  @ApiOkResponse({ type: PlacementRequestListAnswer })
  @ProblemResponses(400)
  async list(
    @CurrentStaff() actor: StaffActor,
    @ValidQuery(PlacementRequestListQuery) q: PlacementRequestListQuery,
  ) {
    const limit = q.limit === undefined ? 50 : Number(q.limit);
    const items = await this.reads.list({ childId: q.childId, outcome: q.outcome, limit }, actor);
    return { items };
  }

  @Get(':id')
  @StaffOnly(...PLACEMENT_READERS)
  @ApiOperation({
    operationId: 'readPlacementRequest',
    summary: 'A placement request: gatekeeping, alerts, panel decisions and final outcome (read audited)',
  })
  @ApiOkResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(404)
  async read(@Param('id', requestId()) id: string, @CurrentStaff() actor: StaffActor) {
    // The same shape as the POST answer (placement-gatekeeping.md).
    return publicView(await this.reads.one(id, actor));
  }

  @Get(':id/timeline')
  @StaffOnly(...PLACEMENT_READERS)
  @ApiOperation({
    operationId: 'getPlacementRequestTimeline',
    summary:
      'The request with its details, each check, evidence updates, and its alerts, decisions, actions and outcome in time order (read audited)',
  })
  @ApiOkResponse({ type: PlacementTimelineAnswer })
  @ProblemResponses(404)
  async timeline(@Param('id', requestId()) id: string, @CurrentStaff() actor: StaffActor) {
    return this.reads.timeline(id, actor);
  }

  @Post(':id/panel-decisions')
  @HttpCode(201)
  @StaffOnly(...PANEL_CHAIRS)
  @ApiOperation({
    operationId: 'createPanelDecision',
    summary:
      'A decision of the placement panel, with a reason and actions (owner, due date); deferred and approved_with_conditions need an action',
  })
  @ApiBody({ type: PanelDecisionBody })
  @ApiCreatedResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(400, 404, 409, 422)
  async decide(
    @Param('id', requestId()) id: string,
    @Body() body: unknown,
    @CurrentStaff() actor: StaffActor,
  ) {
    return publicView(await this.panel.decide(id, body, actor));
  }

  @Post(':id/panel-actions/:actionId/done')
  @HttpCode(200)
  @StaffOnly(...PANEL_ACTION_COMPLETERS)
  @ApiOperation({
    operationId: 'completePanelAction',
    summary:
      "A panel action done (its owner, the requesting worker or the panel's chairs); a deferred request whose actions are all done returns to the panel's list",
  })
  @ApiBody({ type: ActionDoneBody, required: false })
  @ApiOkResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(400, 404, 409, 422)
  async actionDone(
    @Param('id', requestId()) id: string,
    @Param('actionId', uuidOr404('No such action on this placement request'))
    actionId: string,
    @Body() body: unknown,
    @CurrentStaff() actor: StaffActor,
  ) {
    return publicView(await this.panel.actionDone(id, actionId, body, actor));
  }

  @Patch(':id/evidence')
  @StaffOnly(...PLACEMENT_UPDATERS)
  @ApiOperation({
    operationId: 'updatePlacementEvidence',
    summary:
      'New evidence: the checks run again at once (as of the request’s receipt); all passing clears a held request and resolves its alerts',
  })
  @ApiBody({ type: EvidenceBody })
  @ApiOkResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(400, 404, 409, 422)
  async updateEvidence(
    @Param('id', requestId()) id: string,
    @Body() body: unknown,
    @CurrentStaff() actor: StaffActor,
  ) {
    return publicView(await this.evidence.execute(id, body, actor));
  }

  @Post(':id/outcome')
  @HttpCode(201)
  @StaffOnly(...PLACEMENT_UPDATERS)
  @ApiOperation({
    operationId: 'recordPlacementOutcome',
    summary:
      'What finally happened: placed (type, provider, out of county, start, weekly cost), diverted (how) or withdrawn',
  })
  @ApiBody({ type: OutcomeBody })
  @ApiCreatedResponse({ type: PlacementRequestAnswer })
  @ProblemResponses(400, 404, 409, 422)
  async outcome(
    @Param('id', requestId()) id: string,
    @Body() body: unknown,
    @CurrentStaff() actor: StaffActor,
  ) {
    return publicView(await this.outcomes.execute(id, body, actor));
  }
}

/** The placement panel's list (managers and heads of service, who chair it). */
@ApiTags('placement requests')
@ApiBearerAuth()
@Controller('v1/placement-panel')
export class PlacementPanelController {
  constructor(private readonly panel: PlacementPanelUseCase) {}

  @Get()
  @StaffOnly(...PANEL_CHAIRS)
  @ApiOperation({
    operationId: 'listPlacementPanel',
    summary:
      'Requests awaiting the panel, oldest first: what each lacks, the child’s open decisions and earlier requests, how long it has waited (reads audited)',
  })
  @ApiOkResponse({ type: PanelListAnswer })
  @ProblemResponses()
  async list(@CurrentStaff() actor: StaffActor) {
    return this.panel.list(actor);
  }
}
