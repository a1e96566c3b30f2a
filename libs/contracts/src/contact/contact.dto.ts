// @Type reads emitted design-time metadata: load the polyfill here, not only where Nest boots.
import 'reflect-metadata';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import {
  isOrganisationRequired,
  isReferrerRequired,
  isSourceAgency,
  SOURCE_AGENCIES,
  type SourceAgency,
} from '../agencies';
import { CONSENTS, CONTACT_LIMITS as L, GENDERS, type Consent, type Gender } from './contact-codes';
import { IsCalendarDate, IsIsoInstant } from './dates';
import { IsNotBlank, IsNotGivenWith, isPresent, Required } from './field-rules';
import { IsNhsNumber } from './nhs-number';
import { IsPhoneNumber } from './phone';
import { IsUkPostcode } from './postcode';
import { IsUpn } from './upn';

/**
 * The canonical contact body of POST /v1/contacts (contact-api.md), as class-validator DTOs.
 *
 * These carry every rule that depends on the body alone. Rules that need the time of receipt (ages, due
 * dates, "not in the future") or the criteria in force (known indicator codes) live in validateContact,
 * which is the complete check: use it, not these classes on their own, to accept a contact.
 *
 * Conditional requirements use @ValidateIf(present || required): a field that is present is always
 * checked, and an absent one is only reported when the rule requires it.
 */

const MaxChars = (max: number) => MaxLength(max, { message: `must be at most ${max} characters` });

export class ReferrerDto {
  @ApiProperty({ example: 'A. Patel' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.referrerNameMax)
  name: string;

  @ApiProperty({ example: 'Designated Safeguarding Lead' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.referrerRoleMax)
  role: string;

  // At least one way to call the referrer back; reported on phone when both are missing.
  @ApiPropertyOptional({
    example: '01865 000000',
    description: 'UK phone number; phone or email (at least one)',
  })
  @ValidateIf((o: ReferrerDto) => isPresent(o.phone) || !isPresent(o.email))
  @Required('a referrer needs a phone or an email: give at least one')
  @IsString()
  @MaxChars(L.phoneMax)
  @IsPhoneNumber()
  phone?: string;

  @ApiPropertyOptional({ format: 'email', example: 'dsl@example.org' })
  @IsOptional()
  @IsString()
  @MaxChars(L.emailMax)
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;
}

export class ContactSourceDto {
  @ApiProperty({ enum: SOURCE_AGENCIES, description: 'Stored with its CIN census code' })
  @Required()
  @IsString()
  @IsIn(SOURCE_AGENCIES, { message: `must be one of: ${SOURCE_AGENCIES.join(', ')}` })
  agency: SourceAgency;

  // Only an agency we recognise can make these required: an unknown agency is reported once, on itself.
  @ApiPropertyOptional({
    description: 'Required unless family_member, acquaintance, self, individual or anonymous',
    example: 'Cherwell Valley Primary School',
  })
  @ValidateIf(
    (o: ContactSourceDto) =>
      isPresent(o.organisation) || (isSourceAgency(o.agency) && isOrganisationRequired(o.agency)),
  )
  @Required('is required unless the agency is family_member, acquaintance, self, individual or anonymous')
  @IsString()
  @IsNotBlank()
  @MaxChars(L.organisationMax)
  organisation?: string;

  @ApiPropertyOptional({ type: () => ReferrerDto, description: 'Required unless the agency is anonymous' })
  @ValidateIf(
    (o: ContactSourceDto) =>
      isPresent(o.referrer) || (isSourceAgency(o.agency) && isReferrerRequired(o.agency)),
  )
  @Required('is required unless the agency is anonymous')
  @IsObject()
  @ValidateNested()
  @Type(() => ReferrerDto)
  referrer?: ReferrerDto;
}

export class AddressDto {
  @ApiPropertyOptional({ example: '1 Example Road' })
  @IsOptional()
  @IsString()
  @MaxChars(L.addressLineMax)
  line1?: string;

  @ApiPropertyOptional({ example: 'Banbury' })
  @IsOptional()
  @IsString()
  @MaxChars(L.addressLineMax)
  town?: string;

  @ApiProperty({ description: 'UK postcode, any case and spacing; stored normalised', example: 'OX16 1AA' })
  @Required('is required when an address is given')
  @IsString()
  @IsUkPostcode()
  postcode: string;
}

export class ChildDto {
  @ApiPropertyOptional({ description: 'Absent only for an unborn child', example: 'Maya' })
  @ValidateIf((o: ChildDto) => isPresent(o.firstName) || !isPresent(o.expectedDateOfBirth))
  @Required('is required unless the child is unborn (expectedDateOfBirth given)')
  @IsString()
  @IsNotBlank()
  @MaxChars(L.childNameMax)
  firstName?: string;

  @ApiProperty({ example: 'Okafor' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.childNameMax)
  lastName: string;

  // Exactly one of the two dates: "neither" is reported here, "both" on expectedDateOfBirth.
  @ApiPropertyOptional({
    format: 'date',
    description: 'A past date, the child under 18 on the day received; or expectedDateOfBirth (exactly one)',
  })
  @ValidateIf((o: ChildDto) => isPresent(o.dateOfBirth) || !isPresent(o.expectedDateOfBirth))
  @Required('dateOfBirth (or, for an unborn child, expectedDateOfBirth) is required')
  @IsString()
  @IsCalendarDate()
  dateOfBirth?: string;

  @ApiPropertyOptional({
    format: 'date',
    description: 'An unborn child: from 6 weeks before the day received to 10 months after it',
  })
  @IsOptional()
  @IsString()
  @IsCalendarDate()
  @IsNotGivenWith('dateOfBirth', { message: 'give dateOfBirth or expectedDateOfBirth, not both' })
  expectedDateOfBirth?: string;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsString()
  @IsIn(GENDERS, { message: `must be one of: ${GENDERS.join(', ')}` })
  gender?: Gender;

  @ApiPropertyOptional({
    description: '10 digits with a valid Modulus 11 check digit; spaces removed',
    example: '9434765919',
  })
  @IsOptional()
  @IsString()
  @IsNhsNumber()
  nhsNumber?: string;

  @ApiPropertyOptional({ description: 'DfE unique pupil number: a check letter then 12 characters' })
  @IsOptional()
  @IsString()
  @IsUpn()
  upn?: string;

  // Absent when the child has no fixed abode or it is not known.
  @ApiPropertyOptional({ type: () => AddressDto, description: 'Absent: no fixed abode, or not known' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class ConcernsDto {
  // Optional, defaulting to []: a contact may carry no indicators at all (reason `no_indicators`).
  // Each code is checked against the criteria in force by validateContact, which names the index at fault.
  @ApiPropertyOptional({
    type: [String],
    uniqueItems: true,
    description: 'Indicator codes of the county duty criteria, no duplicates',
    example: ['attendance_persistent_absence', 'neglect_emerging'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.indicatorsMax, { message: `must list at most ${L.indicatorsMax} indicator codes` })
  indicators?: string[];

  @ApiProperty({ example: 'Attendance has fallen to 84% this term.' })
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.summaryMax)
  summary: string;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  immediateRisk?: boolean;

  @ApiPropertyOptional({ default: false })
  @IsOptional()
  @IsBoolean()
  allegedPerpetratorHasAccess?: boolean;
}

export class ContactDto {
  @ApiProperty({ type: () => ContactSourceDto })
  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactSourceDto)
  source: ContactSourceDto;

  @ApiProperty({ type: () => ChildDto })
  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ChildDto)
  child: ChildDto;

  @ApiProperty({ type: () => ConcernsDto })
  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ConcernsDto)
  concerns: ConcernsDto;

  @ApiProperty({ enum: CONSENTS })
  @Required()
  @IsString()
  @IsIn(CONSENTS, { message: `must be one of: ${CONSENTS.join(', ')}` })
  consent: Consent;

  @ApiPropertyOptional({ format: 'date-time', description: 'Not in the future' })
  @IsOptional()
  @IsString()
  @IsIsoInstant()
  occurredAt?: string;

  // Set by partner adapters: the contacts recorded for each child named in one household notification.
  @ApiPropertyOptional({ description: 'Links the contacts of one household notification' })
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.householdRefMax)
  householdRef?: string;
}
