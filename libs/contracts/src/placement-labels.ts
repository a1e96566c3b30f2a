/**
 * The placement words (placement-gatekeeping.md) in plain English, for the web app's placement and sufficiency
 * pages: one place, never a copy. Only the pure vocabulary module is imported, so the browser can bundle it.
 */
import type { Diversion, LegalBasis, PanelDecision, PlacementType, Provider } from './placement-vocabulary';

export const PLACEMENT_TYPE_LABELS: Readonly<Record<PlacementType, string>> = {
  in_house_foster: 'In-house foster care',
  ifa_foster: 'Independent fostering agency',
  residential: 'Residential',
  kinship: 'Kinship',
  parent_and_child: 'Parent and child',
  secure: 'Secure',
};

export const LEGAL_BASIS_LABELS: Readonly<Record<LegalBasis, string>> = {
  s20: 'Section 20',
  police_protection: 'Police protection',
  epo: 'Emergency protection order',
  ico: 'Interim care order',
  care_order: 'Care order',
  remand: 'Remand',
};

export const PANEL_DECISION_LABELS: Readonly<Record<PanelDecision, string>> = {
  approved: 'Approved',
  approved_with_conditions: 'Approved with conditions',
  declined: 'Declined',
  deferred: 'Deferred',
};

/** How a request was diverted: the family-based alternative found instead of care. */
export const DIVERSION_LABELS: Readonly<Record<Diversion, string>> = {
  family_group_conference_plan: 'Family group conference plan',
  kinship_arrangement: 'Kinship arrangement',
  special_guardianship: 'Special guardianship',
  family_support: 'Family support',
  returned_home: 'Returned home',
};

export const PROVIDER_LABELS: Readonly<Record<Provider, string>> = {
  in_house: 'In-house',
  independent: 'Independent',
  council_residential: 'Council residential',
  unregistered: 'Unregistered',
};
