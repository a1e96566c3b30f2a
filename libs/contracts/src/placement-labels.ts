/**
 * The placement vocabulary in plain English (placement-gatekeeping.md), in one place for the web app. Only the
 * pure vocabulary module is imported, so the browser bundle takes it as it is; placement-labels.spec.ts checks
 * every code has its words.
 */
import type {
  CheckCode,
  Diversion,
  FinalOutcome,
  GatekeepingOutcome,
  LegalBasis,
  PanelAction,
  PanelDecision,
  PlacementStatus,
  PlacementTimelineKind,
  PlacementType,
  Provider,
} from './placement-vocabulary';

export const PLACEMENT_TYPE_LABELS: Readonly<Record<PlacementType, string>> = {
  in_house_foster: 'In-house foster care',
  ifa_foster: 'Independent fostering agency',
  residential: 'Residential',
  kinship: 'Kinship (family and friends)',
  parent_and_child: 'Parent and child',
  secure: 'Secure',
};

export const LEGAL_BASIS_LABELS: Readonly<Record<LegalBasis, string>> = {
  s20: 'Section 20 (voluntary)',
  police_protection: 'Police protection',
  epo: 'Emergency protection order',
  ico: 'Interim care order',
  care_order: 'Care order',
  remand: 'Remand',
};

/** The evidence items of a request, by their field in `evidence`, with each status in words. */
export const EVIDENCE_LABELS = {
  familyGroupConference: {
    label: 'Family group conference',
    statuses: { held: 'Held', declined_by_family: 'Declined by the family', not_offered: 'Not offered' },
  },
  kinshipAssessment: {
    label: 'Kinship assessment',
    statuses: {
      no_viable_carer: 'No viable carer',
      viable_carer_found: 'Viable carer found',
      not_explored: 'Not explored',
    },
  },
  familySupport: {
    label: 'Family support',
    statuses: { provided: 'Provided', declined: 'Declined by the family', not_provided: 'Not provided' },
  },
  inHouseFosterSearch: {
    label: 'In-house foster carer search',
    statuses: { no_match: 'No match', not_done: 'Not done' },
  },
} as const;

/** What a failed check lacks, in a few words (a table cell); in full: CHECK_TEXT. */
export const CHECK_LABELS: Readonly<Record<CheckCode, string>> = {
  fgc_missing: 'No family group conference',
  kinship_not_explored: 'Kinship care not explored',
  family_support_not_tried: 'Family support not tried',
  in_house_search_missing: 'In-house foster carers not searched',
};

/** What a passed check means, in words. */
export const CHECK_PASSED_TEXT: Readonly<Record<CheckCode, string>> = {
  fgc_missing:
    'A family group conference was held (or declined by the family) in the 183 days before the request.',
  kinship_not_explored:
    'Kinship care was explored: no viable family or friends carer in the 365 days before the request, or one found for a kinship placement.',
  family_support_not_tried:
    'Family support was tried (or declined), or the child needed immediate protection.',
  in_house_search_missing: "The council's own foster carers were searched in the 30 days before the request.",
};

export const GATEKEEPING_OUTCOME_LABELS: Readonly<Record<GatekeepingOutcome, string>> = {
  CLEARED: 'Cleared',
  HELD_FOR_PANEL: 'Held for panel',
  RETROSPECTIVE_REVIEW: 'Retrospective review',
};

export const PLACEMENT_STATUS_LABELS: Readonly<Record<PlacementStatus, string>> = {
  held: 'Held for panel',
  under_review: 'Awaiting retrospective review',
  cleared: 'Cleared',
  linked: 'Linked to an open request',
  approved: 'Approved by the panel',
  declined: 'Declined by the panel',
};

export const PANEL_DECISION_LABELS: Readonly<Record<PanelDecision, string>> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  declined: 'Declined',
  deferred: 'Deferred',
};

export const PANEL_ACTION_LABELS: Readonly<Record<PanelAction, string>> = {
  convene_fgc: 'Convene a family group conference',
  kinship_assessment: 'Kinship assessment',
  family_support: 'Family support',
  in_house_search: 'In-house foster carer search',
  other: 'Other',
};

export const FINAL_OUTCOME_LABELS: Readonly<Record<FinalOutcome, string>> = {
  placed: 'Placed',
  diverted: 'Diverted to a family-based alternative',
  withdrawn: 'Withdrawn',
};

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  in_house: 'In-house',
  independent: 'Independent',
  council_residential: 'Council residential',
  unregistered: 'Unregistered',
};

export const DIVERSION_LABELS: Readonly<Record<Diversion, string>> = {
  family_group_conference_plan: 'Family group conference plan',
  kinship_arrangement: 'Kinship arrangement',
  special_guardianship: 'Special guardianship',
  family_support: 'Family support',
  returned_home: 'Returned home',
};

export const PLACEMENT_TIMELINE_LABELS: Readonly<Record<PlacementTimelineKind, string>> = {
  received: 'Request received',
  alert_raised: 'Alert raised',
  evidence_updated: 'Evidence added',
  panel_decision: 'Panel decision',
  action_done: 'Action done',
  alert_resolved: 'Alert resolved',
  alert_acknowledged: 'Alert acknowledged',
  outcome: 'What happened',
};
