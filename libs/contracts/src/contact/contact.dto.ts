// @Type reads emitted design-time metadata: load the polyfill here, not only where Nest boots.
import 'reflect-metadata';
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
import {
  CONSENTS,
  CONTACT_LIMITS as L,
  ETHNICITIES,
  GENDERS,
  type Consent,
  type Ethnicity,
  type Gender,
} from './contact-codes';
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
  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.referrerNameMax)
  name: string;

  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.referrerRoleMax)
  role: string;

  // At least one way to call the referrer back; reported on phone when both are missing.
  @ValidateIf((o: ReferrerDto) => isPresent(o.phone) || !isPresent(o.email))
  @Required('a referrer needs a phone or an email: give at least one')
  @IsString()
  @MaxChars(L.phoneMax)
  @IsPhoneNumber()
  phone?: string;

  @IsOptional()
  @IsString()
  @MaxChars(L.emailMax)
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;
}

export class ContactSourceDto {
  @Required()
  @IsString()
  @IsIn(SOURCE_AGENCIES, { message: `must be one of: ${SOURCE_AGENCIES.join(', ')}` })
  agency: SourceAgency;

  // Only an agency we recognise can make these required: an unknown agency is reported once, on itself.
  @ValidateIf(
    (o: ContactSourceDto) =>
      isPresent(o.organisation) || (isSourceAgency(o.agency) && isOrganisationRequired(o.agency)),
  )
  @Required('is required unless the agency is family_member, acquaintance, self, individual or anonymous')
  @IsString()
  @IsNotBlank()
  @MaxChars(L.organisationMax)
  organisation?: string;

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
  @IsOptional()
  @IsString()
  @MaxChars(L.addressLineMax)
  line1?: string;

  @IsOptional()
  @IsString()
  @MaxChars(L.addressLineMax)
  town?: string;

  @Required('is required when an address is given')
  @IsString()
  @IsUkPostcode()
  postcode: string;
}

export class ChildDto {
  @ValidateIf((o: ChildDto) => isPresent(o.firstName) || !isPresent(o.expectedDateOfBirth))
  @Required('is required unless the child is unborn (expectedDateOfBirth given)')
  @IsString()
  @IsNotBlank()
  @MaxChars(L.childNameMax)
  firstName?: string;

  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.childNameMax)
  lastName: string;

  // Exactly one of the two dates: "neither" is reported here, "both" on expectedDateOfBirth.
  @ValidateIf((o: ChildDto) => isPresent(o.dateOfBirth) || !isPresent(o.expectedDateOfBirth))
  @Required('dateOfBirth (or, for an unborn child, expectedDateOfBirth) is required')
  @IsString()
  @IsCalendarDate()
  dateOfBirth?: string;

  @IsOptional()
  @IsString()
  @IsCalendarDate()
  @IsNotGivenWith('dateOfBirth', { message: 'give dateOfBirth or expectedDateOfBirth, not both' })
  expectedDateOfBirth?: string;

  @IsOptional()
  @IsString()
  @IsIn(GENDERS, { message: `must be one of: ${GENDERS.join(', ')}` })
  gender?: Gender;

  /** One of the DfE's ethnicity codes, as in the CIN census. */
  @IsOptional()
  @IsString()
  @IsIn(ETHNICITIES, { message: `must be one of the DfE ethnicity codes: ${ETHNICITIES.join(', ')}` })
  ethnicity?: Ethnicity;

  @IsOptional()
  @IsString()
  @IsNhsNumber()
  nhsNumber?: string;

  @IsOptional()
  @IsString()
  @IsUpn()
  upn?: string;

  // Absent when the child has no fixed abode or it is not known.
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

export class ConcernsDto {
  // Optional, defaulting to []: a contact may carry no indicators at all (reason `no_indicators`).
  // Each code is checked against the criteria in force by validateContact, which names the index at fault.
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.indicatorsMax, { message: `must list at most ${L.indicatorsMax} indicator codes` })
  indicators?: string[];

  @Required()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.summaryMax)
  summary: string;

  @IsOptional()
  @IsBoolean()
  immediateRisk?: boolean;

  @IsOptional()
  @IsBoolean()
  allegedPerpetratorHasAccess?: boolean;
}

export class ContactDto {
  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactSourceDto)
  source: ContactSourceDto;

  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ChildDto)
  child: ChildDto;

  @Required()
  @IsObject()
  @ValidateNested()
  @Type(() => ConcernsDto)
  concerns: ConcernsDto;

  @Required()
  @IsString()
  @IsIn(CONSENTS, { message: `must be one of: ${CONSENTS.join(', ')}` })
  consent: Consent;

  @IsOptional()
  @IsString()
  @IsIsoInstant()
  occurredAt?: string;

  // Set by partner adapters: the contacts recorded for each child named in one household notification.
  @IsOptional()
  @IsString()
  @IsNotBlank()
  @MaxChars(L.householdRefMax)
  householdRef?: string;
}
