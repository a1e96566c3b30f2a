/**
 * The fixed words of the partner contract (contact-api.md) and of the criteria document. Routes, priorities,
 * levels and localities live in libs/contracts (duty-vocabulary.ts), with their plain-English labels
 * (labels.ts), so the web app shares them; they are re-exported here for the criteria code.
 */
export { ROUTES, PRIORITIES, NEED_LEVELS } from '@app/contracts';
export type { Route, Priority, NeedLevel } from '@app/contracts';

export const CONSENTS = ['given', 'refused', 'not_asked', 'not_required'] as const;
export type Consent = (typeof CONSENTS)[number];

/** When an indicator makes the response IMMEDIATE (the `imm` column of the criteria). */
export const IMMEDIACIES = ['always', 'never', 'when_perpetrator_has_access'] as const;
export type Immediacy = (typeof IMMEDIACIES)[number];

export { COUNTY_LOCALITIES } from '@app/contracts';
export type { CountyLocality, Locality } from '@app/contracts';

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
