import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate, IsNotBlank, Required } from '@app/contracts';
import {
  CHECK_CODES,
  DIVERSIONS,
  FAMILY_SUPPORT_STATUSES,
  FGC_STATUSES,
  FINAL_OUTCOMES,
  GATEKEEPING_OUTCOMES,
  IN_HOUSE_SEARCH_STATUSES,
  KINSHIP_STATUSES,
  LEGAL_BASES,
  PANEL_ACTIONS,
  PANEL_DECISIONS,
  PLACEMENT_STATUSES,
  PLACEMENT_TIMELINE_KINDS,
  PLACEMENT_TYPES,
  PROVIDERS,
} from './placement-vocabulary';
import { MaxChars, Money, OneOf } from '../request-input/validate-input';

const REASON_MAX = 10000;

// ---------------------------------------------------------------- request bodies

/** One action the panel sets: what, who owns it, and the day it is due by. */
export class PanelActionDto {
  @ApiProperty({ enum: PANEL_ACTIONS, example: 'convene_fgc' })
  @Required()
  @IsString()
  @OneOf(PANEL_ACTIONS)
  action: string;

  @ApiProperty({
    example: 'sw.jones',
    description:
      "Who does it: a staff username (its overdue alert then goes to that role's managers) or a name (to the panel's chairs)",
  })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  owner: string;

  @ApiProperty({
    example: '2026-12-18',
    description: 'YYYY-MM-DD; overdue from the end of that day (UK time)',
  })
  @Required()
  @IsString()
  @IsCalendarDate()
  dueBy: string;
}

/** `POST /v1/placement-requests/{id}/panel-decisions`. */
export class PanelDecisionBody {
  @ApiProperty({ enum: PANEL_DECISIONS, example: 'deferred' })
  @Required()
  @IsString()
  @OneOf(PANEL_DECISIONS)
  decision: string;

  @ApiProperty({ example: 'Family group conference not yet held; grandmother not assessed.' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(REASON_MAX)
  reason: string;

  @ApiPropertyOptional({
    type: [PanelActionDto],
    description: '`deferred` and `approved_with_conditions` need at least one',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20, { message: 'must hold at most 20 actions' })
  @ValidateNested({ each: true })
  @Type(() => PanelActionDto)
  actions?: PanelActionDto[];
}

export class FgcEvidenceDto {
  @ApiProperty({ enum: FGC_STATUSES })
  @Required()
  @IsString()
  @OneOf(FGC_STATUSES)
  status: string;
  @ApiPropertyOptional({ example: '2026-10-02', description: 'required when held or declined_by_family' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  date?: string;
}

export class KinshipEvidenceDto {
  @ApiProperty({ enum: KINSHIP_STATUSES })
  @Required()
  @IsString()
  @OneOf(KINSHIP_STATUSES)
  status: string;
  @ApiPropertyOptional({ example: '2026-10-20', description: 'required when assessed' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  date?: string;
}

export class FamilySupportEvidenceDto {
  @ApiProperty({ enum: FAMILY_SUPPORT_STATUSES })
  @Required()
  @IsString()
  @OneOf(FAMILY_SUPPORT_STATUSES)
  status: string;
  @ApiPropertyOptional({ example: 'FAMILY_SUPPORT_CITY' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  service?: string;
  @ApiPropertyOptional({ example: '2026-06-01', description: 'required when provided' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  from?: string;
  @ApiPropertyOptional({ example: '2026-10-31', description: 'may lie after the request (still going on)' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  to?: string;
  @ApiPropertyOptional({ example: '2026-09-01', description: 'required when declined' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  date?: string;
}

export class InHouseSearchEvidenceDto {
  @ApiProperty({ enum: IN_HOUSE_SEARCH_STATUSES })
  @Required()
  @IsString()
  @OneOf(IN_HOUSE_SEARCH_STATUSES)
  status: string;
  @ApiPropertyOptional({ example: '2026-11-01', description: 'required when no_match' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  date?: string;
}

/**
 * `PATCH /v1/placement-requests/{id}/evidence`: the request's own `evidence` shape. Each item given replaces
 * the one recorded; an item not given stays as recorded. Dates are checked against the request's receipt.
 */
export class EvidenceBody {
  @ApiPropertyOptional({ type: FgcEvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FgcEvidenceDto)
  familyGroupConference?: FgcEvidenceDto;

  @ApiPropertyOptional({ type: KinshipEvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => KinshipEvidenceDto)
  kinshipAssessment?: KinshipEvidenceDto;

  @ApiPropertyOptional({ type: FamilySupportEvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => FamilySupportEvidenceDto)
  familySupport?: FamilySupportEvidenceDto;

  @ApiPropertyOptional({ type: InHouseSearchEvidenceDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => InHouseSearchEvidenceDto)
  inHouseFosterSearch?: InHouseSearchEvidenceDto;
}

/** `POST /v1/placement-requests/{id}/outcome`: placed, diverted (how) or withdrawn (reason). */
export class OutcomeBody {
  @ApiProperty({ enum: FINAL_OUTCOMES, example: 'placed' })
  @Required()
  @IsString()
  @OneOf(FINAL_OUTCOMES)
  outcome: string;

  @ApiPropertyOptional({ enum: PLACEMENT_TYPES, description: 'placed: the type of placement made' })
  @IsOptional()
  @IsString()
  @OneOf(PLACEMENT_TYPES)
  placementType?: string;

  @ApiPropertyOptional({ enum: PROVIDERS, description: 'placed' })
  @IsOptional()
  @IsString()
  @OneOf(PROVIDERS)
  provider?: string;

  @ApiPropertyOptional({ description: 'placed' })
  @IsOptional()
  @IsBoolean({ message: 'must be true or false' })
  outOfCounty?: boolean;

  @ApiPropertyOptional({ example: '2026-12-01', description: 'placed' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  startDate?: string;

  @ApiPropertyOptional({ example: 1450.5, description: 'placed: pounds a week (up to 2 decimal places)' })
  @IsOptional()
  @Money(0, 100000)
  weeklyCost?: number;

  @ApiPropertyOptional({ enum: DIVERSIONS, description: 'diverted: the family-based alternative found' })
  @IsOptional()
  @IsString()
  @OneOf(DIVERSIONS)
  how?: string;

  @ApiPropertyOptional({ description: 'withdrawn: why' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(REASON_MAX)
  reason?: string;
}

/** `POST /v1/placement-requests/{id}/panel-actions/{actionId}/done`. */
export class ActionDoneBody {
  @ApiPropertyOptional({ example: 'Conference held on 10 December; plan agreed.' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(2000)
  note?: string;
}

/** Who asked for the placement (`requestedBy` of a new request, and of its read). */
export class RequestedByDto {
  @ApiProperty({ maxLength: 200, example: 'J. Smith' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  name: string;
  @ApiProperty({ maxLength: 200, example: 'Social Worker' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  role: string;
  @ApiPropertyOptional({ maxLength: 100, example: 'ASSESSMENT' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  team?: string;
}

// ---------------------------------------------------------------- answers

export class PanelActionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PANEL_ACTIONS }) action: string;
  @ApiProperty() owner: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The owner's role when the owner is a staff user",
  })
  ownerRole: string | null;
  @ApiProperty({ example: '2026-12-18' }) dueBy: string;
  @ApiProperty({ description: 'When it becomes overdue: the end of dueBy, UK time' }) overdueAt: string;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) doneAt: string | null;
  @ApiProperty({ type: String, nullable: true }) doneBy: string | null;
  @ApiProperty({ type: String, nullable: true }) doneNote: string | null;
}

export class PanelDecisionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PANEL_DECISIONS }) decision: string;
  @ApiProperty() reason: string;
  @ApiProperty() decidedBy: string;
  @ApiProperty() decidedByRole: string;
  @ApiProperty() decidedAt: string;
  @ApiProperty({ type: [PanelActionView] }) actions: PanelActionView[];
}

export class FinalOutcomeView {
  @ApiProperty({ enum: FINAL_OUTCOMES }) outcome: string;
  @ApiPropertyOptional({ enum: PLACEMENT_TYPES }) placementType?: string;
  @ApiPropertyOptional({ enum: PROVIDERS }) provider?: string;
  @ApiPropertyOptional() outOfCounty?: boolean;
  @ApiPropertyOptional() startDate?: string;
  @ApiPropertyOptional() weeklyCost?: number;
  @ApiPropertyOptional({ enum: DIVERSIONS }) how?: string;
  @ApiPropertyOptional() reason?: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty() recordedAt: string;
}

export class GatekeepingView {
  @ApiProperty({ enum: GATEKEEPING_OUTCOMES }) outcome: string;
  @ApiProperty({ enum: CHECK_CODES, isArray: true }) failedChecks: string[];
  @ApiProperty({ nullable: true, type: String }) reviewDueAt: string | null;
}

export class RequestAlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'ALTERNATIVES_NOT_EXHAUSTED' }) kind: string;
  @ApiProperty() raisedAt: string;
  @ApiProperty({ nullable: true, type: String }) acknowledgedAt: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Set when the request was cleared' })
  resolvedAt?: string | null;
}

/** A placement request as `GET /v1/placement-requests/{id}` answers it. */
export class PlacementRequestAnswer {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ type: GatekeepingView }) gatekeeping: GatekeepingView;
  @ApiProperty({ type: [RequestAlertView] }) alerts: RequestAlertView[];
  @ApiPropertyOptional({ format: 'uuid' }) linkedTo?: string;
  @ApiProperty({ type: [PanelDecisionView] }) panelDecisions: PanelDecisionView[];
  @ApiProperty({ type: FinalOutcomeView, nullable: true }) finalOutcome: FinalOutcomeView | null;
}

export class OpenDecisionView {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty() needLevel: number;
  @ApiProperty() route: string;
  @ApiProperty() priority: string;
  @ApiProperty() triagedAt: string;
}

export class EarlierRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: PLACEMENT_TYPES }) placementType: string;
  @ApiProperty({ enum: GATEKEEPING_OUTCOMES }) outcome: string;
  @ApiProperty() status: string;
  @ApiProperty({ enum: PANEL_DECISIONS, nullable: true }) panelDecision: string | null;
  @ApiProperty({ enum: FINAL_OUTCOMES, nullable: true }) finalOutcome: string | null;
}

export class CheckLackView {
  @ApiProperty({ enum: CHECK_CODES }) code: string;
  @ApiProperty() text: string;
}

/** One request on the panel's list. */
export class PanelListItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty() receivedAt: string;
  @ApiProperty({ enum: PLACEMENT_TYPES }) placementType: string;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis: string;
  @ApiProperty({ enum: ['HELD_FOR_PANEL', 'RETROSPECTIVE_REVIEW'] }) outcome: string;
  @ApiProperty({ nullable: true, type: String }) reviewDueAt: string | null;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: [CheckLackView], description: 'What the request lacks: each failed check' })
  lacks: CheckLackView[];
  @ApiProperty({ enum: CHECK_CODES, isArray: true }) failedChecks: string[];
  @ApiProperty({ type: [OpenDecisionView] }) openDecisions: OpenDecisionView[];
  @ApiProperty({ type: [EarlierRequestView] }) earlierRequests: EarlierRequestView[];
  @ApiProperty({ description: 'Whole days since the request was received' }) waitingDays: number;
  @ApiProperty({ description: 'Hours since the request was received' }) waitingHours: number;
  @ApiProperty({ nullable: true, type: String, description: 'Deferred earlier: when its actions were done' })
  returnedAt: string | null;
  @ApiProperty({ type: [PanelDecisionView] }) decisions: PanelDecisionView[];
}

export class PanelListAnswer {
  @ApiProperty({ type: [PanelListItem] }) items: PanelListItem[];
}

export class CheckView {
  @ApiProperty({ enum: CHECK_CODES }) code: string;
  @ApiProperty({ description: 'False when the check does not apply to this type of placement' })
  applies: boolean;
  @ApiProperty() passed: boolean;
  @ApiProperty({ description: 'What the check lacks when it fails, in words' }) text: string;
}

export class EvidenceUpdateView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: EvidenceBody, description: 'The items given' }) evidence: EvidenceBody;
  @ApiProperty({ enum: GATEKEEPING_OUTCOMES }) outcomeBefore: string;
  @ApiProperty({ enum: CHECK_CODES, isArray: true }) failedBefore: string[];
  @ApiProperty({ enum: GATEKEEPING_OUTCOMES }) outcomeAfter: string;
  @ApiProperty({ enum: CHECK_CODES, isArray: true }) failedAfter: string[];
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

export class TimelineEntryView {
  @ApiProperty() at: string;
  @ApiProperty({
    enum: PLACEMENT_TIMELINE_KINDS,
  })
  kind: string;
  @ApiProperty({ nullable: true, type: String }) by: string | null;
  @ApiProperty() text: string;
  @ApiPropertyOptional({ description: 'The alert, decision, action or evidence update it is about' })
  ref?: string;
}

/** The request with its details (reason, evidence, who asked), as the timeline read answers it. */
export class PlacementRequestDetailView extends PlacementRequestAnswer {
  @ApiProperty({ enum: PLACEMENT_TYPES }) placementType: string;
  @ApiProperty({ enum: LEGAL_BASES }) legalBasis: string;
  @ApiProperty() emergency: boolean;
  @ApiProperty({ enum: PLACEMENT_STATUSES })
  status: string;
  @ApiProperty({ nullable: true, type: () => RequestedByDto }) requestedBy: RequestedByDto | null;
  @ApiProperty() submittedBy: string;
  @ApiProperty({ nullable: true, type: String }) reason: string | null;
  @ApiProperty({ type: EvidenceBody }) evidence: EvidenceBody;
}

export class PlacementTimelineAnswer {
  @ApiProperty({ type: PlacementRequestDetailView }) request: PlacementRequestDetailView;
  @ApiProperty({ type: [CheckView] }) checks: CheckView[];
  @ApiProperty({ type: [EvidenceUpdateView] }) evidenceUpdates: EvidenceUpdateView[];
  @ApiProperty({ type: [TimelineEntryView] }) timeline: TimelineEntryView[];
}

export class PlacementRequestListAnswer {
  @ApiProperty({ type: [PlacementRequestDetailView] }) items: PlacementRequestDetailView[];
}

// ---------------------------------------------------------------- sufficiency

export class ShareView {
  @ApiProperty() count: number;
  @ApiProperty({
    nullable: true,
    type: Number,
    description: '0 to 1, 4 decimal places; null when the whole is 0',
  })
  share: number | null;
}

const counts = (keys: readonly string[], description: string) =>
  ApiProperty({
    type: 'object',
    properties: Object.fromEntries(keys.map((k) => [k, { type: 'integer' }])),
    description,
  });

export class SufficiencyRequestsView {
  @ApiProperty() total: number;
  @counts(PLACEMENT_TYPES, 'Requests by placement type') byType: Record<string, number>;
  @counts(LEGAL_BASES, 'Requests by legal basis') byLegalBasis: Record<string, number>;
}

export class SufficiencyGatekeepingView {
  @ApiProperty({ type: ShareView, description: 'Held for panel on arrival' }) held: ShareView;
  @ApiProperty({ type: ShareView, description: 'Cleared on arrival' }) cleared: ShareView;
  @ApiProperty({ type: ShareView, description: 'Emergencies (retrospective review)' }) emergency: ShareView;
  @ApiProperty({ description: 'Repeats linked to an open request' }) repeats: number;
  @ApiProperty({ description: 'Held on arrival, cleared later by new evidence' })
  clearedLaterByEvidence: number;
}

export class DaysView {
  @ApiProperty({ nullable: true, type: Number }) mean: number | null;
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
  @ApiProperty({ nullable: true, type: Number }) max: number | null;
}

export class SufficiencyPanelView {
  @counts(PANEL_DECISIONS, 'Every decision the panel made on these requests') decisions: Record<
    string,
    number
  >;
  @ApiProperty({ description: 'Requests approved, approved with conditions or declined' })
  requestsDecided: number;
  @ApiProperty({
    type: DaysView,
    description: 'Days from request to the first decision that was not a deferral',
  })
  daysToDecision: DaysView;
}

export class SufficiencyOutcomesView {
  @ApiProperty() placed: number;
  @ApiProperty() diverted: number;
  @ApiProperty() withdrawn: number;
  @ApiProperty({ description: 'No outcome recorded yet' }) open: number;
  @ApiProperty({ nullable: true, type: Number, description: 'Diverted over the requests that ended' })
  diversionRate: number | null;
  @counts(DIVERSIONS, 'Diverted, by the family-based alternative found') divertedHow: Record<string, number>;
}

export class SufficiencyPlacementsView {
  @ApiProperty() count: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ShareView' },
    description: `Placements by provider: ${PROVIDERS.join(', ')}`,
  })
  byProvider: Record<string, ShareView>;
  @ApiProperty({ type: ShareView }) inHouse: ShareView;
  @ApiProperty({ type: ShareView }) independent: ShareView;
  @ApiProperty({ type: ShareView }) outOfCounty: ShareView;
  @ApiProperty({ type: ShareView }) unregistered: ShareView;
  @counts(PLACEMENT_TYPES, 'Placements by the type made') byType: Record<string, number>;
  @ApiProperty({ description: 'Pounds a week, every placement made' }) weeklyCostCommitted: number;
  @ApiProperty({ nullable: true, type: Number }) meanWeeklyCost: number | null;
  @ApiProperty({ nullable: true, type: Number }) highestWeeklyCost: number | null;
}

/** `GET /v1/insights/placements`: every figure of placement-gatekeeping.md's "Sufficiency". */
export class SufficiencyAnswer {
  @ApiProperty({ example: '2026-04-01' }) from: string;
  @ApiProperty({ example: '2027-03-31' }) to: string;
  @ApiProperty({ type: SufficiencyRequestsView }) requests: SufficiencyRequestsView;
  @ApiProperty({ type: SufficiencyGatekeepingView }) gatekeeping: SufficiencyGatekeepingView;
  @ApiProperty({ type: SufficiencyPanelView }) panel: SufficiencyPanelView;
  @ApiProperty({ type: SufficiencyOutcomesView }) outcomes: SufficiencyOutcomesView;
  @ApiProperty({ type: SufficiencyPlacementsView }) placements: SufficiencyPlacementsView;
}
