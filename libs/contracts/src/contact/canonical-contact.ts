import { cinCodeOf, type CinCode, type SourceAgency } from '../agencies';
import type { Consent, Ethnicity, Gender } from './contact-codes';
import type { ContactDto } from './contact.dto';
import { normaliseNhsNumber } from './nhs-number';
import { normalisePostcode } from './postcode';

/**
 * A contact as the service keeps it: validated and normalised. Absent optional fields are left out (never
 * `undefined` or `null`), so two equal contacts serialise to the same JSON. `receivedAt` is not part of
 * it: the server sets that and stores it beside the contact.
 */
export interface CanonicalContact {
  source: CanonicalSource;
  child: CanonicalChild;
  concerns: CanonicalConcerns;
  consent: Consent;
  /** Normalised to UTC, as Date.prototype.toISOString writes it. */
  occurredAt?: string;
  householdRef?: string;
}

export interface CanonicalSource {
  agency: SourceAgency;
  /** The agency's Children in Need census referral source code. */
  cinCode: CinCode;
  organisation?: string;
  referrer?: CanonicalReferrer;
}

export interface CanonicalReferrer {
  name: string;
  role: string;
  phone?: string;
  email?: string;
}

export interface CanonicalChild {
  /** Absent only for an unborn child. */
  firstName?: string;
  lastName: string;
  /** Exactly one of dateOfBirth and expectedDateOfBirth, YYYY-MM-DD. */
  dateOfBirth?: string;
  expectedDateOfBirth?: string;
  gender?: Gender;
  /** A DfE ethnicity code (CIN census), when the referrer knows it. */
  ethnicity?: Ethnicity;
  /** Ten digits, spaces removed. */
  nhsNumber?: string;
  upn?: string;
  address?: CanonicalAddress;
}

export interface CanonicalAddress {
  line1?: string;
  town?: string;
  /** Normalised: upper case, one space before the inward code ("OX16 1AA"). */
  postcode: string;
}

export interface CanonicalConcerns {
  indicators: string[];
  summary: string;
  immediateRisk: boolean;
  allegedPerpetratorHasAccess: boolean;
}

/** Builds the canonical contact from a body validateContact has accepted (it assumes a valid one). */
export function toCanonicalContact(dto: ContactDto): CanonicalContact {
  const { source, child, concerns } = dto;
  const referrer = source.referrer;
  const address = child.address;
  return {
    source: {
      agency: source.agency,
      cinCode: cinCodeOf(source.agency),
      ...given('organisation', source.organisation),
      ...(referrer
        ? {
            referrer: {
              name: referrer.name,
              role: referrer.role,
              ...given('phone', referrer.phone),
              ...given('email', referrer.email),
            },
          }
        : {}),
    },
    child: {
      ...given('firstName', child.firstName),
      lastName: child.lastName,
      ...given('dateOfBirth', child.dateOfBirth),
      ...given('expectedDateOfBirth', child.expectedDateOfBirth),
      ...given('gender', child.gender),
      ...given('ethnicity', child.ethnicity),
      ...given('nhsNumber', child.nhsNumber == null ? undefined : normaliseNhsNumber(child.nhsNumber)),
      ...given('upn', child.upn),
      ...(address
        ? {
            address: {
              ...given('line1', address.line1),
              ...given('town', address.town),
              postcode: normalisePostcode(address.postcode),
            },
          }
        : {}),
    },
    concerns: {
      indicators: [...(concerns.indicators ?? [])],
      summary: concerns.summary,
      immediateRisk: concerns.immediateRisk ?? false,
      allegedPerpetratorHasAccess: concerns.allegedPerpetratorHasAccess ?? false,
    },
    consent: dto.consent,
    ...given('occurredAt', dto.occurredAt == null ? undefined : new Date(dto.occurredAt).toISOString()),
    ...given('householdRef', dto.householdRef),
  };
}

/** `{ [key]: value }` when the value is present, `{}` when it is undefined or null. */
function given<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]?: V });
}
