/** Enumerated values of the partner contract (contact-api.md). Fixed: partners rely on them. */

export const GENDERS = ['female', 'male', 'other', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/** `not_required`: the referrer judged that asking would place the child at risk. */
export const CONSENTS = ['given', 'refused', 'not_asked', 'not_required'] as const;
export type Consent = (typeof CONSENTS)[number];

/** Limits the contract fixes, and the ones it leaves to us (marked "ours"). */
export const CONTACT_LIMITS = {
  childNameMax: 100,
  addressLineMax: 200,
  summaryMax: 10_000,
  householdRefMax: 100,
  /** Ours: a child cannot be over 18 here; an unborn child is due within this many months. */
  expectedBirthWithinMonths: 10,
  /** The contract: an expected date of birth may have just passed (a pregnancy can run late). */
  expectedBirthOverdueWeeks: 6,
  adultAge: 18,
  /** Ours: there are about fifty indicator codes and duplicates are refused, so this is never a real limit. */
  indicatorsMax: 100,
  organisationMax: 200,
  referrerNameMax: 100,
  referrerRoleMax: 100,
  phoneMax: 40,
  emailMax: 254,
} as const;
