import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { IsCalendarDate, IsIsoInstant, IsNhsNumber, IsNotBlank, IsUpn, Required } from '@app/contracts';
import { NativeAddressDto } from '../common/native-address.dto';
import {
  MaxChars,
  NestedObject,
  NumberBetween,
  OneOf,
  OptionalEmail,
  OptionalPhone,
  WholeNumber,
} from '../common/native-validation';

/**
 * A safeguarding concern as a school's MIS and safeguarding log (SIMS/Arbor with CPOMS or MyConcern) hold
 * it, sent by the designated safeguarding lead: the pupil with their UPN, the logged concern's
 * categories, the attendance figure and the suspensions and exclusions of this school year.
 */

/** Safeguarding log categories (the CPOMS defaults most schools keep). */
export const CONCERN_CATEGORIES = [
  'attendance',
  'behaviour',
  'bullying',
  'child_missing_education',
  'domestic_abuse',
  'elective_home_education',
  'emotional_wellbeing',
  'exploitation',
  'neglect',
  'online_safety',
  'physical_abuse',
  'self_harm',
  'sexual_abuse',
  'substance_misuse',
  'young_carer',
  'other',
] as const;
export type ConcernCategory = (typeof CONCERN_CATEGORIES)[number];

export const SCHOOL_GENDERS = ['F', 'M', 'X', 'U'] as const;
export const PARENTAL_CONSENT = ['consented', 'refused', 'not_sought', 'not_sought_risk_to_child'] as const;

export class SchoolDto {
  @ApiProperty({ example: 'Cherwell Valley Primary School' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  name: string;

  @ApiProperty({ example: '123456', description: 'DfE unique reference number (6 digits)' })
  @Required()
  @IsString()
  @Matches(/^\d{6}$/, { message: 'must be a 6-digit DfE URN' })
  urn: string;
}

export class DslDto {
  @ApiProperty({ example: 'A. Patel' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  name: string;

  @ApiProperty({
    required: false,
    example: 'Designated Safeguarding Lead',
    default: 'Designated Safeguarding Lead',
  })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  role?: string;

  @OptionalPhone('01865 000000')
  phone?: string;

  @OptionalEmail('dsl@cherwell-valley.example')
  email?: string;
}

export class PupilDto {
  @ApiProperty({ example: 'A123456789012', description: 'DfE unique pupil number (check letter, 12 digits)' })
  @Required()
  @IsString()
  @IsUpn()
  upn: string;

  @ApiProperty({ example: 'Maya' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  forename: string;

  @ApiProperty({ example: 'Okafor' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  surname: string;

  @ApiProperty({ format: 'date', example: '2016-03-14' })
  @Required()
  @IsString()
  @IsCalendarDate()
  dateOfBirth: string;

  @ApiProperty({ required: false, enum: SCHOOL_GENDERS, description: 'F, M, X (other), U (unknown)' })
  @IsOptional()
  @IsString()
  @OneOf(SCHOOL_GENDERS)
  gender?: (typeof SCHOOL_GENDERS)[number];

  @ApiProperty({ required: false, example: 'Year 5' })
  @IsOptional()
  @IsString()
  @MaxChars(20)
  yearGroup?: string;

  @ApiProperty({ required: false, example: '9434765919' })
  @IsOptional()
  @IsString()
  @IsNhsNumber()
  nhsNumber?: string;

  @NestedObject(NativeAddressDto, { optional: true })
  address?: NativeAddressDto;
}

export class ConcernDto {
  @ApiProperty({ enum: CONCERN_CATEGORIES, isArray: true, example: ['attendance', 'neglect'] })
  @Required()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one category' })
  @ArrayMaxSize(CONCERN_CATEGORIES.length)
  @IsString({ each: true })
  @OneOf(CONCERN_CATEGORIES, { each: true })
  categories: ConcernCategory[];

  @ApiProperty({ example: 'Maya has arrived hungry most days this half term ...', maxLength: 8000 })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  description: string;

  @ApiProperty({
    required: false,
    example: '2026-01-20T09:05:00Z',
    description: 'When the concern was logged',
  })
  @IsOptional()
  @IsString()
  @IsIsoInstant()
  loggedAt?: string;

  @ApiProperty({ required: false, description: 'The pupil told a member of staff (a disclosure)' })
  @IsOptional()
  @IsBoolean()
  disclosure?: boolean;

  @ApiProperty({ required: false, description: 'The DSL judges the pupil at risk of significant harm now' })
  @IsOptional()
  @IsBoolean()
  immediateRisk?: boolean;

  @ApiProperty({ required: false, description: 'The person the concern is about has access to the pupil' })
  @IsOptional()
  @IsBoolean()
  allegedPerpetratorHasAccess?: boolean;
}

export class AttendanceDto {
  @ApiProperty({ example: 84.5, minimum: 0, maximum: 100, description: 'Attendance this school year, %' })
  @Required()
  @NumberBetween(0, 100)
  percentage: number;

  @ApiProperty({ required: false, example: 180 })
  @IsOptional()
  @WholeNumber(0, 400)
  sessionsPossible?: number;
}

export class ExclusionsDto {
  @ApiProperty({ example: 2, description: 'Suspensions (fixed-term exclusions) this school year' })
  @Required()
  @WholeNumber(0, 200)
  suspensionsThisSchoolYear: number;

  @ApiProperty({ example: false })
  @Required()
  @IsBoolean()
  permanentlyExcluded: boolean;
}

export class SchoolConcernDto {
  @ApiProperty({ example: 'CPOMS-88213', description: "The school's own record of the concern" })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(60)
  concernRef: string;

  @NestedObject(SchoolDto)
  school: SchoolDto;

  @NestedObject(DslDto, { description: 'The designated safeguarding lead making the referral' })
  dsl: DslDto;

  @NestedObject(PupilDto)
  pupil: PupilDto;

  @NestedObject(ConcernDto)
  concern: ConcernDto;

  @NestedObject(AttendanceDto, { optional: true })
  attendance?: AttendanceDto;

  @NestedObject(ExclusionsDto, { optional: true })
  exclusions?: ExclusionsDto;

  @ApiProperty({
    enum: PARENTAL_CONSENT,
    description:
      "Parents' consent to the referral; not_sought_risk_to_child when asking would place the pupil at risk",
  })
  @Required()
  @IsString()
  @OneOf(PARENTAL_CONSENT)
  parentalConsent: (typeof PARENTAL_CONSENT)[number];
}
