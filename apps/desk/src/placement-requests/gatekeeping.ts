import { addWorkingDays, BankHolidays } from '@app/criteria';
import {
  CHECK_CODES,
  CheckCode,
  EMERGENCY_LEGAL_BASES,
  GatekeepingOutcome,
  LegalBasis,
  PlacementEvidence,
  PlacementType,
} from './placement-vocabulary';

export interface GatekeepingInput {
  placementType: PlacementType;
  legalBasis: LegalBasis;
  emergency: boolean;
  evidence: PlacementEvidence;
  /** The request's receipt time: every date window is counted back from its day (Europe/London). */
  receivedAt: Date;
  /** The child has an open level-4 decision with priority IMMEDIATE in the 30 days before the request. */
  openImmediateLevel4: boolean;
}

export interface CheckResult {
  code: CheckCode;
  /** False when the check does not apply to this placement type (it then passes). */
  applies: boolean;
  passed: boolean;
}

export interface GatekeepingResult {
  outcome: GatekeepingOutcome;
  /** Every failed check's code, in the order of the spec's table. */
  failedChecks: CheckCode[];
  /** Set for RETROSPECTIVE_REVIEW: 3 working days after the request. */
  reviewDueAt: Date | null;
  checks: CheckResult[];
  isEmergency: boolean;
}

export const WINDOW_DAYS = { fgc: 183, kinship: 365, familySupport: 365, inHouseSearch: 30 } as const;
export const REVIEW_WORKING_DAYS = 3;

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The Europe/London calendar day of an instant, as YYYY-MM-DD. */
export function londonDay(instant: Date): string {
  return LONDON_DAY.format(instant);
}

const dayNumber = (isoDate: string): number =>
  Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / 86400000;

/** True when `date` falls on the request's day or in the `days` days before it. */
export function withinDaysBefore(date: string | undefined, receivedDay: string, days: number): boolean {
  if (!date) return false;
  const age = dayNumber(receivedDay) - dayNumber(date);
  return age >= 0 && age <= days;
}

/**
 * Placement gatekeeping (placement-gatekeeping.md, version 2026-1): a pure function of the request, its
 * receipt time and one fact about the child. No I/O, no clock of its own.
 */
export function gatekeep(input: GatekeepingInput, bankHolidays: BankHolidays): GatekeepingResult {
  const { placementType: type, evidence: e } = input;
  const day = londonDay(input.receivedAt);

  const fgc = e.familyGroupConference;
  const kin = e.kinshipAssessment;
  const support = e.familySupport;
  const search = e.inHouseFosterSearch;

  const passes: Record<CheckCode, { applies: boolean; passed: () => boolean }> = {
    fgc_missing: {
      applies: true,
      passed: () =>
        (fgc.status === 'held' || fgc.status === 'declined_by_family') &&
        withinDaysBefore(fgc.date, day, WINDOW_DAYS.fgc),
    },
    kinship_not_explored: {
      applies: type !== 'kinship',
      passed: () =>
        (kin.status === 'no_viable_carer' && withinDaysBefore(kin.date, day, WINDOW_DAYS.kinship)) ||
        (kin.status === 'viable_carer_found' && type === 'kinship'),
    },
    family_support_not_tried: {
      applies: type !== 'kinship',
      passed: () =>
        input.openImmediateLevel4 ||
        (support.status === 'provided' && supportEndedWithin(support, day)) ||
        (support.status === 'declined' && withinDaysBefore(support.date, day, WINDOW_DAYS.familySupport)),
    },
    in_house_search_missing: {
      applies: type === 'ifa_foster' || type === 'residential',
      passed: () =>
        search.status === 'no_match' && withinDaysBefore(search.date, day, WINDOW_DAYS.inHouseSearch),
    },
  };

  const checks: CheckResult[] = CHECK_CODES.map((code) => {
    const rule = passes[code];
    return { code, applies: rule.applies, passed: !rule.applies || rule.passed() };
  });
  const failedChecks = checks.filter((c) => !c.passed).map((c) => c.code);
  const isEmergency = input.emergency || EMERGENCY_LEGAL_BASES.includes(input.legalBasis);

  let outcome: GatekeepingOutcome;
  if (isEmergency) outcome = 'RETROSPECTIVE_REVIEW';
  else if (failedChecks.length) outcome = 'HELD_FOR_PANEL';
  else outcome = 'CLEARED';

  return {
    outcome,
    failedChecks,
    reviewDueAt:
      outcome === 'RETROSPECTIVE_REVIEW'
        ? addWorkingDays(input.receivedAt, REVIEW_WORKING_DAYS, bankHolidays)
        : null,
    checks,
    isEmergency,
  };
}

/**
 * Support provided "ending within 365 days": its end on or after the day 365 days before the request. Support
 * with no end date, or ending after the request, is still going on at the request and so counts.
 */
function supportEndedWithin(support: PlacementEvidence['familySupport'], day: string): boolean {
  if (!support.from || dayNumber(support.from) > dayNumber(day)) return false;
  if (!support.to) return true;
  const age = dayNumber(day) - dayNumber(support.to);
  return age <= WINDOW_DAYS.familySupport;
}
