/**
 * How a duty worker ends a contact (statutory-returns.md, "Contact, referral, outcome"), and what a referrer
 * is told became of it (contact-api.md, "Reading a contact"). One list, used by the desk, the returns, the
 * partner view and the web app.
 */
export const CLOSE_OUTCOMES = [
  'NO_FURTHER_ACTION',
  'ADVICE_GIVEN',
  'EARLY_HELP',
  'FAMILY_SUPPORT',
  'STATUTORY_ASSESSMENT',
  'STRATEGY_DISCUSSION',
  'ALLOCATED_TEAM_INFORMED',
  'TRANSFERRED_OUT',
] as const;
export type CloseOutcome = (typeof CLOSE_OUTCOMES)[number];

/** What a partner reads as `outcome.response` for its own contact. */
export const PARTNER_RESPONSES = [
  'advice_and_signposting',
  'early_help',
  'family_support',
  'social_care_assessment',
  'passed_to_home_authority',
  'no_further_action',
] as const;
export type PartnerResponse = (typeof PARTNER_RESPONSES)[number];

const RESPONSE_BY_ROUTE: Readonly<Record<string, PartnerResponse>> = {
  LOCALITY_ADVICE: 'advice_and_signposting',
  LOCALITY_EARLY_HELP: 'early_help',
  FAMILY_SUPPORT: 'family_support',
  STATUTORY_ASSESSMENT: 'social_care_assessment',
  ALLOCATED_TEAM: 'social_care_assessment',
  TRANSFER_OUT: 'passed_to_home_authority',
};

/**
 * The response a referrer hears, from the duty decision's final route or how the contact was closed; null
 * while no duty worker has decided, and for a contact still routed DUTY_REVIEW (contact-api.md).
 */
export function partnerResponse(
  finalRoute: string | null,
  closed: { noFurtherAction: boolean } | null,
): PartnerResponse | null {
  if (closed?.noFurtherAction) return 'no_further_action';
  if (finalRoute === null) return null;
  return RESPONSE_BY_ROUTE[finalRoute] ?? null;
}
