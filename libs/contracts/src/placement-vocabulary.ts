/**
 * The fixed words of placement-gatekeeping.md (version 2026-1): the desk validates against these and the web
 * app offers them (their words: placement-labels.ts). Plain data, no imports: safe to bundle for the browser.
 */

export const PLACEMENT_TYPES = [
  'in_house_foster',
  'ifa_foster',
  'residential',
  'kinship',
  'parent_and_child',
  'secure',
] as const;
export type PlacementType = (typeof PLACEMENT_TYPES)[number];

export const LEGAL_BASES = ['s20', 'police_protection', 'epo', 'ico', 'care_order', 'remand'] as const;
export type LegalBasis = (typeof LEGAL_BASES)[number];

/** Legal bases that make a request an emergency whatever the `emergency` flag says. */
export const EMERGENCY_LEGAL_BASES: readonly LegalBasis[] = ['police_protection', 'epo'];

export const FGC_STATUSES = ['held', 'declined_by_family', 'not_offered'] as const;
export const KINSHIP_STATUSES = ['viable_carer_found', 'no_viable_carer', 'not_explored'] as const;
export const FAMILY_SUPPORT_STATUSES = ['provided', 'declined', 'not_provided'] as const;
export const IN_HOUSE_SEARCH_STATUSES = ['no_match', 'not_done'] as const;

export type FgcStatus = (typeof FGC_STATUSES)[number];
export type KinshipStatus = (typeof KINSHIP_STATUSES)[number];
export type FamilySupportStatus = (typeof FAMILY_SUPPORT_STATUSES)[number];
export type InHouseSearchStatus = (typeof IN_HOUSE_SEARCH_STATUSES)[number];

/** Evidence after validation: every item present, a missing one read as not done. Dates are YYYY-MM-DD. */
export interface PlacementEvidence {
  familyGroupConference: { status: FgcStatus; date?: string };
  kinshipAssessment: { status: KinshipStatus; date?: string };
  familySupport: { status: FamilySupportStatus; service?: string; from?: string; to?: string; date?: string };
  inHouseFosterSearch: { status: InHouseSearchStatus; date?: string };
}

/** The checks, in the order of the spec's table (failedChecks keep this order). */
export const CHECK_CODES = [
  'fgc_missing',
  'kinship_not_explored',
  'family_support_not_tried',
  'in_house_search_missing',
] as const;
export type CheckCode = (typeof CHECK_CODES)[number];

export const GATEKEEPING_OUTCOMES = ['CLEARED', 'HELD_FOR_PANEL', 'RETROSPECTIVE_REVIEW'] as const;
export type GatekeepingOutcome = (typeof GATEKEEPING_OUTCOMES)[number];

/** Each failed check in plain words, for the alert and the UI. */
export const CHECK_TEXT: Record<CheckCode, string> = {
  fgc_missing:
    'No family group conference was held (or declined by the family) in the 183 days before the request.',
  kinship_not_explored:
    'Kinship care was not explored: no assessment finding no viable family or friends carer in the 365 days before the request.',
  family_support_not_tried:
    'Family support was not tried: none provided (or declined by the family) in the 365 days before the request.',
  in_house_search_missing:
    "The council's own foster carers were not searched: no in-house search finding no match in the 30 days before the request.",
};

export const OUTCOME_TEXT: Record<GatekeepingOutcome, string> = {
  CLEARED: 'Cleared: every family-based alternative has been exhausted.',
  HELD_FOR_PANEL: 'Held for panel: family-based alternatives have not been exhausted.',
  RETROSPECTIVE_REVIEW:
    'Emergency: the placement may go ahead; a retrospective review is due within 3 working days.',
};

/** The placement panel's decisions (placement-gatekeeping.md, "The placement panel"). */
export const PANEL_DECISIONS = ['approved', 'approved_with_conditions', 'declined', 'deferred'] as const;
export type PanelDecision = (typeof PANEL_DECISIONS)[number];
/** Decisions that need at least one action. */
export const DECISIONS_WITH_ACTIONS: readonly PanelDecision[] = ['deferred', 'approved_with_conditions'];

export const PANEL_ACTIONS = [
  'convene_fgc',
  'kinship_assessment',
  'family_support',
  'in_house_search',
  'other',
] as const;
export type PanelAction = (typeof PANEL_ACTIONS)[number];

/** What finally happened to a request. */
export const FINAL_OUTCOMES = ['placed', 'diverted', 'withdrawn'] as const;
export type FinalOutcome = (typeof FINAL_OUTCOMES)[number];
export const PROVIDERS = ['in_house', 'independent', 'council_residential', 'unregistered'] as const;
export type Provider = (typeof PROVIDERS)[number];
/** How a request was diverted: each a family-based alternative found instead of care. */
export const DIVERSIONS = [
  'family_group_conference_plan',
  'kinship_arrangement',
  'special_guardianship',
  'family_support',
  'returned_home',
] as const;
export type Diversion = (typeof DIVERSIONS)[number];

/** Where a request stands (placement_requests.status). */
export const PLACEMENT_STATUSES = [
  'held',
  'cleared',
  'under_review',
  'linked',
  'approved',
  'declined',
] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** What a request's timeline holds. */
export const PLACEMENT_TIMELINE_KINDS = [
  'received',
  'alert_raised',
  'alert_acknowledged',
  'alert_resolved',
  'evidence_updated',
  'panel_decision',
  'action_done',
  'outcome',
] as const;
export type PlacementTimelineKind = (typeof PLACEMENT_TIMELINE_KINDS)[number];

/**
 * Who may do what with placement requests. The desk enforces these (desk-roles.ts reads them from here) and
 * the web app shows a worker only what their role may do.
 */
export const PLACEMENT_ROLES = {
  /** Raise a request. */
  requesters: ['social_worker', 'manager'],
  /** Read requests: a social worker only their own; duty managers (alerted), managers and heads of service every one. */
  readers: ['social_worker', 'manager', 'duty_manager', 'head_of_service'],
  /** Chair the panel: its list and its decisions. */
  chairs: ['manager', 'head_of_service'],
  /** Add evidence and record what finally happened: the requesting social worker, managers, heads of service. */
  updaters: ['social_worker', 'manager', 'head_of_service'],
  /** Mark a panel action done (the server also checks it is theirs: owner, requester or chair). */
  actionCompleters: ['social_worker', 'duty_worker', 'duty_manager', 'manager', 'head_of_service'],
} as const;
