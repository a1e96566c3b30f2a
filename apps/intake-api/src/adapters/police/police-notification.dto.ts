import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsObject,
  IsOptional,
  IsString,
  ValidateNested,
} from 'class-validator';
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
 * A police "child coming to notice" notification (a Public Protection Notice, PPN/VPN): what a force's
 * records system (Niche, Athena, Storm) holds about an incident and the children in the household.
 */

export const INCIDENT_TYPES = [
  'domestic_abuse',
  'missing_person',
  'police_protection',
  'child_exploitation',
  'child_concern',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

export const DASH_RISK_GRADES = ['standard', 'medium', 'high'] as const;
export type DashRiskGrade = (typeof DASH_RISK_GRADES)[number];

/** Vulnerability factors officers record at the scene (PPN risk factors). */
export const POLICE_RISK_FACTORS = [
  'parental_alcohol_or_drug_misuse',
  'parental_mental_health',
  'child_exploitation',
  'gang_association',
  'threat_to_harm_child',
  'child_left_alone',
  'home_conditions_poor',
  'radicalisation',
] as const;
export type PoliceRiskFactor = (typeof POLICE_RISK_FACTORS)[number];

export const POLICE_GENDERS = ['F', 'M', 'X', 'U'] as const;
export const POLICE_CONSENT = ['given', 'refused', 'not_sought', 'not_sought_risk_to_child'] as const;

export class PoliceOfficerDto {
  @ApiProperty({ example: 'PC 4512', description: 'Collar or warrant number' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(20)
  collarNumber: string;

  @ApiProperty({ example: 'J. Smith' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(80)
  name: string;

  @OptionalPhone('101')
  phone?: string;

  @OptionalEmail('j.smith@police.example')
  email?: string;
}

export class DashAssessmentDto {
  @ApiProperty({ enum: DASH_RISK_GRADES, description: 'DASH risk grade', example: 'medium' })
  @Required()
  @IsString()
  @OneOf(DASH_RISK_GRADES)
  riskGrade: DashRiskGrade;

  @ApiProperty({
    required: false,
    description: 'The alleged perpetrator lives with or has access to the children',
  })
  @IsOptional()
  @IsBoolean()
  perpetratorHasAccessToChildren?: boolean;

  @ApiProperty({ required: false, description: 'Referred to MARAC (high risk)' })
  @IsOptional()
  @IsBoolean()
  maracReferral?: boolean;
}

export class MissingEpisodeDto {
  @ApiProperty({ enum: ['missing', 'found'], example: 'found' })
  @Required()
  @IsString()
  @OneOf(['missing', 'found'])
  status: 'missing' | 'found';

  @ApiProperty({
    description: 'Missing person reports for this child in the last 90 days, this one included',
    minimum: 1,
    example: 3,
  })
  @Required()
  @WholeNumber(1, 1000)
  reportsInLast90Days: number;

  @ApiProperty({ required: false, example: '2026-11-19T21:30:00Z' })
  @IsOptional()
  @IsString()
  @IsIsoInstant()
  reportedMissingAt?: string;

  @ApiProperty({ required: false, example: '2026-11-20T06:15:00Z' })
  @IsOptional()
  @IsString()
  @IsIsoInstant()
  foundAt?: string;
}

export class PoliceChildDto {
  @ApiProperty({ required: false, description: 'Absent only for an unborn child', example: 'Maya' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  forename?: string;

  @ApiProperty({ example: 'Okafor' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  surname: string;

  @ApiProperty({ required: false, format: 'date', example: '2016-03-14' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiProperty({ required: false, format: 'date', description: 'An unborn child: the due date' })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  expectedDateOfBirth?: string;

  @ApiProperty({ required: false, enum: POLICE_GENDERS, description: 'F, M, X (other), U (unknown)' })
  @IsOptional()
  @IsString()
  @OneOf(POLICE_GENDERS)
  gender?: (typeof POLICE_GENDERS)[number];

  @ApiProperty({ required: false, example: '9434765919' })
  @IsOptional()
  @IsString()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiProperty({ required: false, description: 'The child was present at (or saw or heard) the incident' })
  @IsOptional()
  @IsBoolean()
  presentAtIncident?: boolean;

  @ApiProperty({
    required: false,
    description: 'Police protection powers (s46 Children Act 1989) used for this child',
  })
  @IsOptional()
  @IsBoolean()
  policeProtectionUsed?: boolean;

  @ApiProperty({
    required: false,
    type: MissingEpisodeDto,
    description: 'When this child is the missing person',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => MissingEpisodeDto)
  missingEpisode?: MissingEpisodeDto;
}

export class PoliceIncidentDto {
  @ApiProperty({ example: '43260012345', description: 'Occurrence or incident reference' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(40)
  reference: string;

  @ApiProperty({ enum: INCIDENT_TYPES, example: 'domestic_abuse' })
  @Required()
  @IsString()
  @OneOf(INCIDENT_TYPES)
  type: IncidentType;

  @ApiProperty({ example: '2026-11-20T02:10:00Z' })
  @Required()
  @IsString()
  @IsIsoInstant()
  occurredAt: string;

  @ApiProperty({ example: 'Officers attended a report of a verbal argument ...', maxLength: 8000 })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(8000)
  circumstances: string;

  @NestedObject(DashAssessmentDto, { optional: true, description: 'Required for domestic_abuse' })
  dash?: DashAssessmentDto;

  @ApiProperty({ required: false, enum: POLICE_RISK_FACTORS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(POLICE_RISK_FACTORS.length)
  @IsString({ each: true })
  @OneOf(POLICE_RISK_FACTORS, { each: true })
  riskFactors?: PoliceRiskFactor[];
}

export class PoliceHouseholdDto {
  @ApiProperty({
    required: false,
    type: NativeAddressDto,
    description: 'Absent: no fixed abode or not known',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => NativeAddressDto)
  address?: NativeAddressDto;

  @ApiProperty({ type: [PoliceChildDto], description: 'Each child gets a contact of its own' })
  @Required()
  @IsArray()
  @ArrayMinSize(1, { message: 'must name at least one child' })
  @ArrayMaxSize(20, { message: 'must name at most 20 children' })
  @ValidateNested({ each: true })
  @Type(() => PoliceChildDto)
  children: PoliceChildDto[];
}

export class PoliceNotificationDto {
  @ApiProperty({ example: 'PPN-2026-004512', description: "The force's own notification reference" })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(40)
  notificationRef: string;

  @ApiProperty({ example: 'Thames Valley Police' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(100)
  force: string;

  @ApiProperty({ example: 'Banbury Police Station' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(90)
  station: string;

  @NestedObject(PoliceOfficerDto)
  officer: PoliceOfficerDto;

  @NestedObject(PoliceIncidentDto)
  incident: PoliceIncidentDto;

  @NestedObject(PoliceHouseholdDto)
  household: PoliceHouseholdDto;

  @ApiProperty({
    enum: POLICE_CONSENT,
    description:
      "Consent to share with children's services; not_sought_risk_to_child when asking would place a child at risk",
  })
  @Required()
  @IsString()
  @OneOf(POLICE_CONSENT)
  consentToShare: (typeof POLICE_CONSENT)[number];
}
