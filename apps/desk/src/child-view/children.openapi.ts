import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ChildDto, CONSENTS, ConcernsDto, PossibleMatchDto, ReferrerDto } from '@app/contracts';
import { ROUTES } from '@app/criteria';
import { ApiProblem } from '@app/http';
import { DeskNote, DutyDecision, TriageDecisionFields } from '../queue/queue.openapi';
import { ChildCharacteristicsView, ReferralView } from '../referrals/referrals.dto';
import { IsOptional, IsString } from 'class-validator';
import { MaxChars } from '../request-input/validate-input';

export class ChildContactSender {
  @ApiProperty({ description: 'The partner that sent it' })
  partner: string;
  @ApiProperty({ type: String, nullable: true })
  organisation: string | null;
  @ApiProperty({ type: () => ReferrerDto, nullable: true })
  referrer: ReferrerDto | null;
}

export class ChildDeskItemState {
  @ApiProperty({ enum: ['awaiting', 'decided', 'closed'] })
  state: string;
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
  overdue: boolean;
  @ApiProperty({ type: String, nullable: true })
  claimedBy: string | null;
}

export class DecisionPicture {
  @ApiProperty({ type: [String], description: 'Indicator codes the criteria weighed' })
  indicators: string[];
  @ApiProperty({ type: [String], description: 'Contacts whose indicators were combined' })
  contactIds: string[];
}

/** One triage decision (recommendation) on the contact, current or superseded by a re-triage. */
export class ChildContactDecision extends TriageDecisionFields {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'The one in force' })
  current: boolean;
  @ApiProperty({ type: DecisionPicture, nullable: true })
  picture: DecisionPicture | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Earlier contacts the criteria counted' })
  history: number | null;
  @ApiProperty({ type: [String] })
  linkedContactIds: string[];
  @ApiProperty({ type: [PossibleMatchDto] })
  possibleMatches: PossibleMatchDto[];
}

export class ChildContact {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty()
  status: string;
  @ApiProperty({ description: 'Imported history, not received through the API' })
  imported: boolean;
  @ApiProperty({ example: 'school' })
  agency: string;
  @ApiProperty({ type: String, nullable: true, description: 'CIN census source code' })
  cinCode: string | null;
  @ApiProperty({ type: String, nullable: true })
  locality: string | null;
  @ApiProperty({ type: ChildContactSender })
  sentBy: ChildContactSender;
  @ApiProperty({
    type: () => ChildDto,
    description: 'The child as the contact gave them (name, dates, identifiers)',
  })
  child: ChildDto;
  @ApiProperty({ type: () => ConcernsDto })
  concerns: ConcernsDto;
  @ApiProperty({ enum: CONSENTS })
  consent: string;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  occurredAt: string | null;
  @ApiProperty({ type: ChildDeskItemState, nullable: true })
  deskItem: ChildDeskItemState | null;
  @ApiProperty({ type: [ChildContactDecision] })
  decisions: ChildContactDecision[];
  @ApiProperty({ type: [DutyDecision] })
  dutyDecisions: DutyDecision[];
  @ApiProperty({ type: [DeskNote] })
  notes: DeskNote[];
}

/** A contact on another child record that may be about this child: confirm (merge) or reject it. */
export class ChildPossibleMatch {
  @ApiProperty({ format: 'uuid', description: 'The other contact' })
  contactId: string;
  @ApiProperty({ example: 'first_name_one_edit' })
  reason: string;
  @ApiProperty({ format: 'uuid', description: "This child's contact whose triage found it" })
  foundBy: string;
  @ApiProperty({ format: 'uuid', description: 'The child record it is on' })
  childId: string;
  @ApiProperty({ format: 'date-time' })
  receivedAt: string;
  @ApiProperty()
  agency: string;
  @ApiProperty()
  sentBy: string;
  @ApiProperty({ type: () => ChildDto })
  child: ChildDto;
}

export class ChildView {
  @ApiProperty({ format: 'uuid' })
  childId: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The id asked for, when it was merged into this child',
  })
  requestedChildId?: string;
  @ApiPropertyOptional({ example: 'merged into this child' })
  note?: string;
  @ApiProperty({ format: 'date-time' })
  createdAt: string;
  @ApiProperty({ type: [String], description: 'Children merged into this one' })
  mergedFrom: string[];
  @ApiProperty({ type: [ChildContact], description: 'Every contact about the child, newest first' })
  contacts: ChildContact[];
  @ApiProperty({ type: [ChildPossibleMatch] })
  possibleMatches: ChildPossibleMatch[];
  @ApiProperty({ type: [ReferralView], description: "The child's referrals (statutory returns)" })
  referrals: ReferralView[];
  @ApiProperty({ type: ChildCharacteristicsView, nullable: true })
  characteristics: ChildCharacteristicsView | null;
}

export class MatchReviewBody {
  @ApiPropertyOptional({ maxLength: 4000, example: 'Same school, date of birth and address' })
  @IsOptional()
  @IsString()
  @MaxChars(4000)
  reason?: string;
}

export class MatchReviewed {
  @ApiProperty({ format: 'uuid', description: 'The child kept' })
  childId: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Confirmed: the child merged into childId' })
  mergedChildId?: string;
  @ApiProperty({ enum: ['confirmed', 'rejected'] })
  verdict: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Confirmed: contacts re-triaged' })
  retriaged?: number;
}

const notFound = ApiProblem(404, 'No such child (or contact)', { title: 'Not found', detail: 'Not found' });

export const ReadChildDocs = () => applyDecorators(ApiOkResponse({ type: ChildView }), notFound);
export const ReviewMatchDocs = () =>
  applyDecorators(
    ApiBody({ type: MatchReviewBody, required: false }),
    ApiOkResponse({ type: MatchReviewed }),
    ApiProblem(422, 'The reason breaks a rule', { title: 'The request breaks a rule' }),
    notFound,
    ApiProblem(409, 'Not a possible match offered for this child', { title: 'Conflict' }),
  );
