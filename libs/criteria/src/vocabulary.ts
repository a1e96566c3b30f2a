/**
 * The fixed words of the partner contract (contact-api.md) and of the criteria document. A criteria file may
 * only use these: a new route or priority is a contract change, not a data change.
 */
export const ROUTES = [
  'LOCALITY_ADVICE',
  'LOCALITY_EARLY_HELP',
  'FAMILY_SUPPORT',
  'STATUTORY_ASSESSMENT',
  'ALLOCATED_TEAM',
  'TRANSFER_OUT',
  'DUTY_REVIEW',
] as const;
export type Route = (typeof ROUTES)[number];

export const PRIORITIES = [
  'IMMEDIATE',
  'SAME_DAY',
  'ONE_WORKING_DAY',
  'THREE_WORKING_DAYS',
  'FIVE_WORKING_DAYS',
] as const;
export type Priority = (typeof PRIORITIES)[number];

export const NEED_LEVELS = [1, 2, 3, 4] as const;
export type NeedLevel = (typeof NEED_LEVELS)[number];

export const CONSENTS = ['given', 'refused', 'not_asked', 'not_required'] as const;
export type Consent = (typeof CONSENTS)[number];

/** When an indicator makes the response IMMEDIATE (the `imm` column of the criteria). */
export const IMMEDIACIES = ['always', 'never', 'when_perpetrator_has_access'] as const;
export type Immediacy = (typeof IMMEDIACIES)[number];

export const COUNTY_LOCALITIES = ['CITY', 'NORTH', 'WEST', 'SOUTH'] as const;
export type CountyLocality = (typeof COUNTY_LOCALITIES)[number];
export type Locality = CountyLocality | 'OUT_OF_AREA' | 'UNKNOWN';

/** Reason codes other than `indicator:<code>`. */
export const REASON_CODES = [
  'toxic_trio',
  'multiple_additional_needs',
  'immediate_risk_flag',
  'cumulative_concerns',
  'open_case',
  'out_of_area',
  'consent_refused',
  'locality_unknown',
  'under_one',
  'no_indicators',
] as const;
export type FixedReasonCode = (typeof REASON_CODES)[number];
export type ReasonCode = FixedReasonCode | `indicator:${string}`;

export interface Reason {
  code: ReasonCode;
  text: string;
}
