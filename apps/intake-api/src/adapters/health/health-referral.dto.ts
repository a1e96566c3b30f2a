import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { IsCalendarDate, IsIsoInstant, IsNhsNumber, IsNotBlank, Required } from '@app/contracts';
import { NativeAddressDto } from '../common/native-address.dto';
import {
  MaxChars,
  NestedObject,
  OneOf,
  OptionalEmail,
  OptionalPhone,
  WholeNumber,
} from '../common/native-validation';

/**
 * A safeguarding referral from health, as a GP system (EMIS, SystmOne), a health visiting or school
 * nursing record, or an emergency department's system holds it: the NHS number, the setting, the
 * clinician, the injury findings (the child's age or mobility, whether the explanation fits) and the
 * appointments the child was not brought to.
 */

/** The setting the referral comes from, each with its CIN census referral source code. */
export const HEALTH_SETTINGS = {
  gp: 'health_gp', // 3A
  health_visitor: 'health_visitor', // 3B
  school_nurse: 'school_nurse', // 3C
  other_primary_care: 'health_other_primary', // 3D
  emergency_department: 'health_ae', // 3E
  other: 'health_other', // 3F
} as const;
export type HealthSetting = keyof typeof HEALTH_SETTINGS;

/** NHS Data Dictionary person stated gender. */
export const HEALTH_GENDERS = ['female', 'male', 'indeterminate', 'not_known'] as const;

export const MOBILITY = ['not_yet_mobile', 'rolling', 'crawling', 'cruising', 'walking'] as const;
export type Mobility = (typeof MOBILITY)[number];

/** Safeguarding concerns a clinician may code on the referral. */
export const HEALTH_CONCERNS = [
  'fgm',
  'fabricated_or_induced_illness',
  'self_harm',
  'substance_misuse',
  'pregnancy_under_16',
  'developmental_delay',
  'neglect',
  'sexual_abuse_suspected',
  'parental_mental_health',
  'parental_substance_misuse',
  'unborn_concern',
] as const;
export type HealthConcern = (typeof HEALTH_CONCERNS)[number];

export const HEALTH_CONSENT = ['yes', 'no', 'not_sought', 'not_sought_safeguarding'] as const;

export class ClinicianDto {
  @ApiProperty({ example: 'Dr S. Hughes' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  name: string;

  @ApiProperty({ example: 'Paediatric registrar' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  role: string;

  @ApiProperty({ required: false, example: 'GMC 7012345', description: 'Professional registration' })
  @IsOptional()
  @IsString()
  @MaxChars(30)
  registration?: string;

  @OptionalPhone('01295 000000')
  phone?: string;

  @OptionalEmail('s.hughes@nhs.example')
  email?: string;
}

export class PatientDto {
  @ApiProperty({ required: false, example: '9434765919', description: 'Required unless the child is unborn' })
  @IsOptional()
  @IsString()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiProperty({ required: false, example: 'Noah', description: 'Absent only for an unborn child' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  forename?: string;

  @ApiProperty({ example: 'Bell' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  surname: string;

  @ApiProperty({ required: false, format: 'date', example: '2025-10-02' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiProperty({
    required: false,
    format: 'date',
    description: 'An unborn child (a midwife referral): the due date',
  })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  expectedDateOfBirth?: string;

  @ApiProperty({ required: false, enum: HEALTH_GENDERS })
  @IsOptional()
  @IsString()
  @OneOf(HEALTH_GENDERS)
  gender?: (typeof HEALTH_GENDERS)[number];

  @NestedObject(NativeAddressDto, { optional: true })
  address?: NativeAddressDto;
}

export class InjuryDto {
  @ApiProperty({ example: 'Two bruises to the left upper arm, fingertip-sized' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(2000)
  description: string;

  @ApiProperty({
    required: false,
    example: 3,
    description:
      "The child's age in whole months when the injury was seen (else worked out from dateOfBirth)",
  })
  @IsOptional()
  @WholeNumber(0, 216)
  ageInMonths?: number;

  @ApiProperty({ enum: MOBILITY, example: 'not_yet_mobile' })
  @Required()
  @IsString()
  @OneOf(MOBILITY)
  mobility: Mobility;

  @ApiProperty({ example: false, description: 'Whether the explanation given fits the injury' })
  @Required()
  @IsBoolean()
  explanationConsistent: boolean;

  @ApiProperty({ required: false, example: '2026-01-20T14:30:00Z' })
  @IsOptional()
  @IsString()
  @IsIsoInstant()
  seenAt?: string;
}

export class MissedAppointmentsDto {
  @ApiProperty({ example: 3, description: 'Appointments the child was not brought to in the last 12 months' })
  @Required()
  @WholeNumber(0, 500)
  last12Months: number;
}

export class HealthReferralDto {
  @ApiProperty({ example: 'HGH-ED-2026-0042', description: "The service's own referral reference" })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(60)
  referralRef: string;

  @ApiProperty({
    enum: Object.keys(HEALTH_SETTINGS),
    example: 'emergency_department',
    description:
      'gp 3A, health_visitor 3B, school_nurse 3C, other_primary_care 3D, emergency_department 3E, other 3F',
  })
  @Required()
  @IsString()
  @OneOf(Object.keys(HEALTH_SETTINGS))
  setting: HealthSetting;

  @ApiProperty({ example: 'Horton General Hospital Emergency Department' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(200)
  organisation: string;

  @NestedObject(ClinicianDto)
  clinician: ClinicianDto;

  @NestedObject(PatientDto)
  patient: PatientDto;

  @ApiProperty({ example: 'Brought in by father ...', maxLength: 8000 })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  clinicalSummary: string;

  @NestedObject(InjuryDto, { optional: true })
  injury?: InjuryDto;

  @NestedObject(MissedAppointmentsDto, { optional: true })
  missedAppointments?: MissedAppointmentsDto;

  @ApiProperty({ required: false, enum: HEALTH_CONCERNS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(HEALTH_CONCERNS.length)
  @IsString({ each: true })
  @OneOf(HEALTH_CONCERNS, { each: true })
  safeguardingConcerns?: HealthConcern[];

  @ApiProperty({ required: false, description: 'Immediate risk of significant harm' })
  @IsOptional()
  @IsBoolean()
  immediateRisk?: boolean;

  @ApiProperty({
    enum: HEALTH_CONSENT,
    description: 'Consent to share; not_sought_safeguarding when asking would place the child at risk',
  })
  @Required()
  @IsString()
  @OneOf(HEALTH_CONSENT)
  consentToShare: (typeof HEALTH_CONSENT)[number];
}
