import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { ETHNICITIES, IsUpn, Required } from '@app/contracts';
import { CLOSURE_REASONS, DISABILITIES, PRIMARY_NEEDS, SEXES } from './referral-codes';

/** What a duty worker records on a child for the returns; a field left out keeps its value, null clears it. */
export class ChildCharacteristicsDto {
  @ApiPropertyOptional({ enum: SEXES, nullable: true, description: 'CIN census sex: M, F or U (unknown)' })
  @IsOptional()
  @IsIn(SEXES, { message: `must be one of ${SEXES.join(', ')}` })
  sex?: (typeof SEXES)[number] | null;

  @ApiPropertyOptional({ enum: ETHNICITIES, nullable: true, description: "The DfE's ethnicity code" })
  @IsOptional()
  @IsIn(ETHNICITIES, { message: 'must be one of the DfE ethnicity codes' })
  ethnicity?: (typeof ETHNICITIES)[number] | null;

  @ApiPropertyOptional({
    enum: DISABILITIES,
    isArray: true,
    nullable: true,
    description: 'CIN census disability codes; ["NONE"] when the child has none',
  })
  @IsOptional()
  @IsArray()
  @ArrayUnique({ message: 'must not repeat a code' })
  @IsIn(DISABILITIES, { each: true, message: `each must be one of ${DISABILITIES.join(', ')}` })
  disabilities?: (typeof DISABILITIES)[number][] | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'DfE unique pupil number (13 characters, check letter)',
  })
  @IsOptional()
  @IsString()
  @IsUpn()
  upn?: string | null;
}

export class ChildCharacteristicsView {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ enum: SEXES, nullable: true }) sex: string | null;
  @ApiProperty({ enum: ETHNICITIES, nullable: true }) ethnicity: string | null;
  @ApiProperty({ enum: DISABILITIES, isArray: true, nullable: true }) disabilities: string[] | null;
  @ApiProperty({ type: String, nullable: true }) upn: string | null;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export class ReferralView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid', description: 'The contact that became the referral' }) contactId: string;
  @ApiProperty({ format: 'date', description: 'London date the contact was received' }) referralDate: string;
  @ApiProperty({ description: "The contact's CIN referral source code" }) source: string;
  @ApiProperty() outcome: string;
  @ApiProperty({ description: 'CIN census ReferralNFA' }) noFurtherAction: boolean;
  @ApiProperty({ enum: PRIMARY_NEEDS, nullable: true }) primaryNeed: string | null;
  @ApiProperty({ enum: PRIMARY_NEEDS, nullable: true }) suggestedNeed: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
  @ApiProperty({ enum: CLOSURE_REASONS, nullable: true }) closureReason: string | null;
  @ApiProperty({ type: String, nullable: true }) team: string | null;
  @ApiProperty({ type: String, nullable: true }) worker: string | null;
  @ApiProperty() imported: boolean;
  @ApiProperty({ description: 'Referrals in the 12 months up to and including this one' })
  referralsInLast12Months: number;
  @ApiProperty({ description: 'Another referral in the 12 months before this one' }) reReferral: boolean;
  @ApiProperty({ type: [String], description: 'Contacts recorded against it, the first made it' })
  contactIds: string[];
}

export class ChildReferralsView {
  @ApiProperty({ format: 'uuid' }) childId: string;
  @ApiProperty({ type: [ReferralView] }) referrals: ReferralView[];
  @ApiProperty({ type: ChildCharacteristicsView, nullable: true })
  characteristics: ChildCharacteristicsView | null;
}

export class JoinedReferralView {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ format: 'date' }) referralDate: string;
  @ApiProperty({ enum: PRIMARY_NEEDS, nullable: true }) primaryNeed: string | null;
}

export class ReferralPreviewView {
  @ApiProperty({ format: 'uuid' }) contactId: string;
  @ApiProperty({ type: [String], description: "The county's referral outcomes (REFERRAL_OUTCOMES)" })
  referralOutcomes: string[];
  @ApiProperty({ format: 'date', description: 'The referral date a new referral would have' })
  referralDate: string;
  @ApiProperty({ enum: PRIMARY_NEEDS, nullable: true, description: 'Suggested by the criteria data' })
  suggestedPrimaryNeed: string | null;
  @ApiProperty({
    type: JoinedReferralView,
    nullable: true,
    description: 'The open referral a referral outcome joins',
  })
  joins: JoinedReferralView | null;
}

/** Closing a referral that went on to further action, when the CIN episode ends. */
export class CloseReferralDto {
  @ApiProperty({
    format: 'date',
    description: 'CINclosureDate: on or after the referral date, not in the future',
  })
  @Required()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
  closedOn: string;

  @ApiProperty({ enum: CLOSURE_REASONS, description: 'CIN census ReasonForClosure' })
  @Required()
  @IsIn(CLOSURE_REASONS, { message: `must be one of ${CLOSURE_REASONS.join(', ')}` })
  reason: (typeof CLOSURE_REASONS)[number];
}

export class ClosedReferralView {
  @ApiProperty({ format: 'uuid' }) referralId: string;
  @ApiProperty({ format: 'date' }) closedOn: string;
  @ApiProperty({ enum: CLOSURE_REASONS }) closureReason: string;
}
