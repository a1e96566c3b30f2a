import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Matches, ValidateBy, ValidateIf } from 'class-validator';
import { CLOSE_OUTCOMES, IsNotBlank, Required } from '@app/contracts';
import { ROUTES } from '@app/criteria';
import { ApiProblem } from '@app/http';
import { PRIMARY_NEEDS } from '../referrals/referral-codes';
import { MaxChars, OneOf, QueryWholeNumber, WholeNumber } from '../request-input/validate-input';
import type { DeskItemView } from './desk-item.view';
import { QUEUE_STATES } from './list-queue.usecase';

/**
 * The queue's requests and answers as OpenAPI. The answer classes implement the views the use cases build
 * (DeskItemView), so a field added to a view and not here fails the type check.
 */
const CONTACT_ID = '0b7c8f8e-3c55-4a59-9a43-3f0f6a2d1c11';

export class DeskItem implements DeskItemView {
  @ApiProperty({ format: 'uuid', example: CONTACT_ID })
  contactId: string;
  @ApiProperty({ format: 'uuid' })
  childId: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty({ example: 'school' })
  agency: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  needLevel: number;
  @ApiProperty({ enum: ROUTES })
  route: string;
  @ApiProperty({ type: String, nullable: true, example: 'LOCALITY_NORTH' })
  team: string | null;
  @ApiProperty({ example: 'NORTH' })
  locality: string;
  @ApiProperty({ example: 'THREE_WORKING_DAYS' })
  priority: string;
  @ApiProperty({ format: 'date-time' })
  dueAt: string;
  @ApiProperty({ enum: ['awaiting', 'decided', 'closed'] })
  state: string;
  @ApiProperty()
  overdue: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The username holding it' })
  claimedBy: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  claimedAt: string | null;
}

export class QueuePage {
  @ApiProperty({ type: [DeskItem] })
  items: DeskItem[];
  @ApiProperty({
    type: 'integer',
    description:
      'Items matching the filter; for a filter taking in closed items (status closed or all), counted up to 10,000',
  })
  total: number;
  @ApiProperty({
    description: 'More items match than were counted (status closed or all): total is a lower bound',
  })
  totalCapped: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `after` for the next page' })
  nextCursor: string | null;
}

export class DecisionReasonView {
  @ApiProperty({ example: 'indicator:attendance_persistent_absence' })
  code: string;
  @ApiProperty()
  text: string;
}

/**
 * What one triage decision recommended: the queue item's recommendation and each decision in the child
 * view (children.openapi.ts) say it with these fields.
 */
export class TriageDecisionFields {
  @ApiProperty({ format: 'date-time' })
  triagedAt: string;
  @ApiProperty()
  triggeredBy: string;
  @ApiProperty()
  criteriaVersion: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  needLevel: number;
  @ApiProperty({ enum: ROUTES })
  route: string;
  @ApiProperty({ type: String, nullable: true })
  team: string | null;
  @ApiProperty()
  priority: string;
  @ApiProperty({ format: 'date-time' })
  dueAt: string;
  @ApiProperty()
  strategyDiscussion: boolean;
  @ApiProperty()
  consentRequired: boolean;
  @ApiProperty({ type: [DecisionReasonView] })
  reasons: DecisionReasonView[];
}

export class Recommendation extends TriageDecisionFields {
  @ApiProperty({ format: 'uuid' })
  decisionId: string;
}

export class DecidedValues {
  @ApiProperty({ type: 'integer', nullable: true })
  needLevel: number | null;
  @ApiProperty({ type: String, nullable: true })
  route: string | null;
  @ApiProperty({ type: String, nullable: true })
  team: string | null;
}

/** The recommendation as it stood when a duty decision answered it (kept with the decision). */
export class RecommendedSnapshot {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 4 })
  needLevel: number;
  @ApiProperty({ enum: ROUTES })
  route: string;
  @ApiProperty({ type: String, nullable: true })
  team: string | null;
  @ApiProperty()
  priority: string;
  @ApiProperty({ format: 'date-time' })
  dueAt: string;
  @ApiProperty()
  criteriaVersion: string;
}

export class DutyDecision {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ enum: ['confirm', 'override', 'close'] })
  kind: string;
  @ApiProperty({ description: 'Username' })
  by: string;
  @ApiProperty()
  role: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' })
  recommendationId: string | null;
  @ApiProperty({
    type: RecommendedSnapshot,
    nullable: true,
    description: 'The recommendation this decision answered',
  })
  recommended: RecommendedSnapshot | null;
  @ApiProperty({ type: DecidedValues })
  decided: DecidedValues;
  @ApiProperty({ type: String, nullable: true })
  reason: string | null;
  @ApiProperty({ type: String, nullable: true })
  outcome: string | null;
  @ApiProperty({ type: Boolean, nullable: true })
  cinNoFurtherAction: boolean | null;
}

export class DeskNote {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  author: string;
  @ApiProperty()
  text: string;
  @ApiProperty({ format: 'date-time' })
  at: string;
}

export class DeskItemDetail {
  @ApiProperty({ type: DeskItem })
  item: DeskItem;
  @ApiProperty({ type: Recommendation, nullable: true })
  recommendation: Recommendation | null;
  @ApiProperty({ type: [DutyDecision] })
  dutyDecisions: DutyDecision[];
  @ApiProperty({ type: [DeskNote] })
  notes: DeskNote[];
}

/** The queue's filters (GET /v1/queue): every fault is a 400 naming `query:<name>`. */
export class QueueFilter {
  @ApiPropertyOptional({ example: 'LOCALITY_NORTH', description: 'Only items routed to this team' })
  @IsOptional()
  @MaxChars(40)
  team?: string;
  @ApiPropertyOptional({ enum: ['1', '2', '3', '4'] })
  @IsOptional()
  @OneOf(['1', '2', '3', '4'])
  level?: string;
  @ApiPropertyOptional({ enum: ROUTES })
  @IsOptional()
  @OneOf(ROUTES)
  route?: string;
  @ApiPropertyOptional({ example: 'NORTH' })
  @IsOptional()
  @MaxChars(40)
  locality?: string;
  @ApiPropertyOptional({ enum: QUEUE_STATES, default: 'awaiting' })
  @IsOptional()
  @OneOf(QUEUE_STATES)
  status?: string;
  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @IsOptional()
  @OneOf(['true', 'false'])
  overdue?: string;
  @ApiPropertyOptional({
    example: 'me',
    description:
      '`me`: only items you hold; `available`: items no one holds and items you hold; or a username',
  })
  @IsOptional()
  @MaxChars(200)
  claimedBy?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  @IsOptional()
  @QueryWholeNumber(1, 500)
  limit?: string;
  @ApiPropertyOptional({ description: 'nextCursor' })
  @IsOptional()
  @MaxChars(200)
  after?: string;
}

export class ClaimNextBody {
  @ApiPropertyOptional({ example: 'LOCALITY_NORTH', description: 'Only items routed to this team' })
  @IsOptional()
  @IsString()
  @MaxChars(40)
  team?: string;
  @ApiPropertyOptional({ example: 'NORTH', description: 'Only items of this locality' })
  @IsOptional()
  @IsString()
  @MaxChars(40)
  locality?: string;
}

export class ConfirmBody {
  @ApiPropertyOptional({ maxLength: 8000, description: 'Recorded as a note with the decision' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  note?: string;
}

const TEAM_CODE = /^[A-Z][A-Z0-9_]{1,39}$/;

export class OverrideBody {
  @ApiPropertyOptional({ type: 'integer', enum: [1, 2, 3, 4] })
  @IsOptional()
  @WholeNumber(1, 4)
  needLevel?: number;
  @ApiPropertyOptional({ enum: ROUTES })
  @IsOptional()
  @IsString()
  @OneOf(ROUTES)
  route?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    pattern: '^[A-Z][A-Z0-9_]{1,39}$',
    example: 'ASSESSMENT',
    description: 'A team code, or null for none',
  })
  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsString()
  @Matches(TEAM_CODE, { message: 'must be a team code such as ASSESSMENT or LOCALITY_NORTH, or null' })
  team?: string | null;
  @ApiProperty({ minLength: 5, maxLength: 4000, example: 'Sibling already open to the assessment team' })
  @Required('is required: say why (at least 5 characters)')
  @IsString()
  @ValidateBy({
    name: 'saysWhy',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && v.trim().length >= 5,
      defaultMessage: () => 'is required: say why (at least 5 characters)',
    },
  })
  @MaxChars(4000)
  reason: string;
}

/** An override changes at least one of level, route and team (`team: null` is a change to none). */
export const overridesSomething = (b: OverrideBody) =>
  b.needLevel === undefined && b.route === undefined && b.team === undefined
    ? [{ path: '', message: 'override at least one of needLevel, route, team' }]
    : [];

export class NoteBody {
  @ApiProperty({ minLength: 1, maxLength: 8000, example: 'Called the school; DSL to ring back by 3pm' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  text: string;
}

export class CloseBody {
  @ApiProperty({ enum: CLOSE_OUTCOMES })
  @Required(`is required: one of ${CLOSE_OUTCOMES.join(', ')}`)
  @IsString()
  @OneOf(CLOSE_OUTCOMES)
  outcome: string;
  @ApiProperty({ description: 'The CIN census "no further action" flag for this referral' })
  @Required('is required: true or false')
  @IsBoolean()
  cinNoFurtherAction: boolean;
  @ApiPropertyOptional({
    enum: PRIMARY_NEEDS,
    description:
      "The CIN primary need the duty worker confirms or chooses; absent: the criteria's suggestion",
  })
  @IsOptional()
  @IsString()
  @OneOf(PRIMARY_NEEDS)
  primaryNeed?: string;
  @ApiPropertyOptional({ maxLength: 8000 })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  note?: string;
}

export class ClosedReferral {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: "True when the outcome joined the child's open referral" })
  joined: boolean;
  @ApiProperty({ type: String, nullable: true, enum: PRIMARY_NEEDS })
  primaryNeed: string | null;
}

export class DutyDecisionRecorded {
  @ApiProperty({ format: 'uuid' })
  dutyDecisionId: string;
  @ApiProperty({ enum: ['decided', 'closed'] })
  state: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 4, description: 'Override: the level chosen' })
  needLevel?: number;
  @ApiPropertyOptional({ description: 'Override: the route chosen' })
  route?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Override: the team chosen' })
  team?: string | null;
  @ApiPropertyOptional({
    type: () => ClosedReferral,
    description: 'Close with a referral outcome: the referral it made or joined',
  })
  referral?: ClosedReferral;
}

export class NoteAdded {
  @ApiProperty({ format: 'uuid' })
  noteId: string;
}

const notFound = ApiProblem(404, 'No such item on the desk', {
  title: 'Not found',
  detail: 'No such item on the desk',
});
const conflict = ApiProblem(409, 'Held by someone else, or not in a state that allows this', {
  title: 'Conflict',
  detail: 'This item is closed',
});

export const ListQueueDocs = () =>
  applyDecorators(
    ApiOkResponse({ type: QueuePage }),
    ApiProblem(400, 'A filter out of range', {
      title: 'Malformed request',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'query:level', message: 'must be one of: 1, 2, 3, 4' }],
    }),
  );

export const ClaimNextDocs = () =>
  applyDecorators(
    ApiBody({ type: ClaimNextBody, required: false }),
    ApiOkResponse({ type: DeskItem, description: 'The item now held' }),
    ApiProblem(404, 'Nothing in the queue to claim', {
      title: 'Not found',
      detail: 'Nothing in the queue to claim',
    }),
  );

export const ReadQueueItemDocs = () => applyDecorators(ApiOkResponse({ type: DeskItemDetail }), notFound);
export const ClaimDocs = () => applyDecorators(ApiOkResponse({ type: DeskItem }), notFound, conflict);

export const DecisionDocs = (body: new () => unknown) =>
  applyDecorators(
    ApiBody({ type: body, required: body !== ConfirmBody }),
    ApiOkResponse({ type: DutyDecisionRecorded }),
    ApiProblem(400, 'Malformed body', { title: 'Malformed request' }),
    ApiProblem(422, 'A field breaks a rule', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'reason', message: 'is required: say why (at least 5 characters)' }],
    }),
    notFound,
    conflict,
  );

export const AddNoteDocs = () =>
  applyDecorators(
    ApiBody({ type: NoteBody }),
    ApiResponse({ status: 201, type: NoteAdded, description: 'Added' }),
    ApiProblem(422, 'Empty or too long', {
      title: 'The request breaks a rule',
      type: '/problems/validation',
      detail: '1 field(s) at fault',
      errors: [{ path: 'text', message: 'must not be blank' }],
    }),
    notFound,
  );
