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

const RESPONSE_BY_CLOSE_OUTCOME: Readonly<Record<CloseOutcome, PartnerResponse>> = {
  NO_FURTHER_ACTION: 'no_further_action',
  ADVICE_GIVEN: 'advice_and_signposting',
  EARLY_HELP: 'early_help',
  FAMILY_SUPPORT: 'family_support',
  STATUTORY_ASSESSMENT: 'social_care_assessment',
  STRATEGY_DISCUSSION: 'social_care_assessment',
  ALLOCATED_TEAM_INFORMED: 'social_care_assessment',
  TRANSFERRED_OUT: 'passed_to_home_authority',
};

/**
 * The response a referrer hears, from the duty decision's final route or how the contact was closed; null
 * while no duty worker has decided, and for a contact still routed DUTY_REVIEW (contact-api.md). A contact
 * closed while its route is still DUTY_REVIEW is told what its close outcome means.
 */
export function partnerResponse(
  finalRoute: string | null,
  closed: { noFurtherAction: boolean; outcome?: string | null } | null,
): PartnerResponse | null {
  if (closed?.noFurtherAction) return 'no_further_action';
  const byRoute = finalRoute === null ? null : (RESPONSE_BY_ROUTE[finalRoute] ?? null);
  if (byRoute || !closed?.outcome) return byRoute;
  return RESPONSE_BY_CLOSE_OUTCOME[closed.outcome as CloseOutcome] ?? null;
}
