/**
 * Every word the duty desk shows for a code, in plain English, in one place: the web app imports these (never
 * a copy), and the unit test beside this file checks each list covers its vocabulary. Only plain data and the
 * pure vocabulary modules are imported, so the browser bundle pulls in nothing that needs Node.
 */
import type { SourceAgency } from './agencies';
import type { ClosureReason, Disability, PrimaryNeed, Sex } from './cin-codes';
import type { Consent, Gender } from './contact/contact-codes';
import type { Locality, NeedLevel, Priority, Route } from './duty-vocabulary';
import type { CloseOutcome } from './outcomes';

export const PRIORITY_LABELS: Readonly<Record<Priority, string>> = {
  IMMEDIATE: 'Immediate',
  SAME_DAY: 'Same day',
  ONE_WORKING_DAY: 'Within 1 working day',
  THREE_WORKING_DAYS: 'Within 3 working days',
  FIVE_WORKING_DAYS: 'Within 5 working days',
};

export const ROUTE_LABELS: Readonly<Record<Route, string>> = {
  LOCALITY_ADVICE: 'Advice from the locality team',
  LOCALITY_EARLY_HELP: 'Early help in the locality',
  FAMILY_SUPPORT: 'Family support',
  STATUTORY_ASSESSMENT: 'Social care assessment',
  ALLOCATED_TEAM: 'Allocated team (open case)',
  TRANSFER_OUT: 'Transfer to home authority',
  DUTY_REVIEW: 'Duty review',
};

export const NEED_LEVEL_LABELS: Readonly<Record<NeedLevel, string>> = {
  1: 'Level 1: universal',
  2: 'Level 2: additional needs',
  3: 'Level 3: complex needs',
  4: 'Level 4: acute',
};

export const LOCALITY_LABELS: Readonly<Record<Locality, string>> = {
  CITY: 'City',
  NORTH: 'North',
  WEST: 'West',
  SOUTH: 'South',
  OUT_OF_AREA: 'Out of area',
  UNKNOWN: 'Locality unknown',
};

export const CLOSE_OUTCOME_LABELS: Readonly<Record<CloseOutcome, string>> = {
  NO_FURTHER_ACTION: 'No further action',
  ADVICE_GIVEN: 'Advice given',
  EARLY_HELP: 'Early help',
  FAMILY_SUPPORT: 'Family support',
  STATUTORY_ASSESSMENT: 'Social care assessment',
  STRATEGY_DISCUSSION: 'Strategy discussion',
  ALLOCATED_TEAM_INFORMED: 'Allocated team informed',
  TRANSFERRED_OUT: 'Transferred to home authority',
};

export const DESK_ITEM_STATE_LABELS: Readonly<Record<'awaiting' | 'decided' | 'closed', string>> = {
  awaiting: 'Awaiting decision',
  decided: 'Decided',
  closed: 'Closed',
};

export const AGENCY_LABELS: Readonly<Record<SourceAgency, string>> = {
  family_member: 'Family member',
  acquaintance: 'Friend or neighbour',
  self: 'The child',
  individual: 'Member of the public',
  school: 'School',
  education_service: 'Education service',
  health_gp: 'GP',
  health_visitor: 'Health visitor',
  school_nurse: 'School nurse',
  health_other_primary: 'Other primary health',
  health_ae: 'A&E',
  health_other: 'Other health',
  housing: 'Housing',
  la_social_care: 'Social care',
  la_other_internal: 'Other council service',
  la_external: 'Another council',
  early_help: 'Early help',
  police: 'Police',
  legal_agency: 'Legal agency',
  other: 'Other',
  anonymous: 'Anonymous',
  unknown: 'Unknown',
};

/** The indicators of the duty criteria (duty-criteria.md, section 1). */
export const INDICATOR_LABELS: Readonly<Record<string, string>> = {
  sexual_abuse_disclosure: 'Disclosure of sexual abuse',
  sexual_abuse_suspected: 'Suspected sexual abuse',
  physical_abuse_injury: 'Injury from physical abuse',
  injury_non_mobile_infant: 'Injury to a baby not yet mobile',
  fgm_known_or_risk: 'FGM known or at risk',
  fabricated_illness_suspected: 'Suspected fabricated or induced illness',
  child_abandoned_or_left_alone: 'Child abandoned or left alone',
  exploitation_cse_cce: 'Sexual or criminal exploitation',
  missing_child_current: 'Missing now',
  forced_marriage_risk: 'At risk of forced marriage',
  trafficking_modern_slavery: 'Trafficking or modern slavery',
  unaccompanied_asylum_seeking_child: 'Unaccompanied asylum-seeking child',
  sexual_activity_under_13: 'Sexual activity under 13',
  parent_threat_to_harm_child: 'Parent threatens to harm the child',
  domestic_abuse_high_risk: 'Domestic abuse, high risk',
  neglect_severe: 'Severe neglect',
  unborn_previous_child_removed: 'Unborn: a previous child was removed',
  missing_episodes_repeat: 'Repeated missing episodes',
  radicalisation_risk: 'At risk of radicalisation',
  domestic_abuse_medium_risk: 'Domestic abuse, medium risk',
  parental_substance_misuse: 'Parent misuses drugs or alcohol',
  parental_mental_health: "Parent's mental health",
  neglect_persistent: 'Persistent neglect',
  unborn_concern: 'Concern for an unborn child',
  family_breakdown_risk: 'Family at risk of breaking down',
  homelessness: 'Homelessness',
  self_harm: 'Self-harm',
  substance_misuse_child: 'Child misuses drugs or alcohol',
  pregnancy_under_16: 'Pregnant under 16',
  attendance_severe_absence: 'Severe absence from school',
  exclusion_permanent: 'Permanently excluded',
  child_missing_education: 'Missing education',
  youth_offending: 'Youth offending',
  gang_association: 'Gang association',
  domestic_abuse_standard_risk: 'Domestic abuse, standard risk',
  neglect_emerging: 'Emerging neglect',
  parental_learning_disability: 'Parent has a learning disability',
  financial_hardship: 'Financial hardship',
  parental_imprisonment: 'Parent in prison',
  bereavement: 'Bereavement',
  parenting_support_need: 'Parent needs support with parenting',
  emotional_wellbeing_concern: 'Emotional wellbeing',
  disability_unmet_needs: 'Disability needs not met',
  young_carer: 'Young carer',
  missed_health_appointments: 'Missed health appointments',
  developmental_delay_concern: 'Developmental delay',
  attendance_persistent_absence: 'Persistent absence from school',
  exclusion_suspension_repeat: 'Repeated suspensions',
  behaviour_concern_school: 'Behaviour at school',
  elective_home_education_concern: 'Concern about home education',
  antisocial_behaviour: 'Antisocial behaviour',
};

/** Why a possible match was offered (triage's person matching). */
export const MATCH_REASON_LABELS: Readonly<Record<string, string>> = {
  nhs_number: 'Same NHS number',
  upn: 'Same pupil number',
  name_and_birth_date: 'Same name and date of birth',
  initial_and_postcode_sector: 'Same initial and postcode area',
  first_name_one_edit: 'First name one letter different',
  birth_day_month_swapped: 'Day and month of birth swapped',
  name_near_miss: 'Name nearly the same',
  identifier_conflict: 'Identifiers differ',
  no_match: 'No match',
};

/** Staff roles, as a worker reads them beside a name in the audit. */
export const STAFF_ROLE_LABELS: Readonly<Record<string, string>> = {
  duty_worker: 'Duty worker',
  duty_manager: 'Duty manager',
  social_worker: 'Social worker',
  manager: 'Manager',
  head_of_service: 'Head of service',
  admin: 'Administrator',
};

/** What the referrer said about consent (contact-api.md). */
export const CONSENT_LABELS: Readonly<Record<Consent, string>> = {
  given: 'Consent given',
  refused: 'Consent refused',
  not_asked: 'Consent not asked',
  not_required: 'Consent not needed',
};

export const GENDER_LABELS: Readonly<Record<Gender, string>> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Not known',
};

/** CIN census primary need, as the DfE's guidance words it. */
export const PRIMARY_NEED_LABELS: Readonly<Record<PrimaryNeed, string>> = {
  N1: 'Abuse or neglect',
  N2: "Child's disability or illness",
  N3: 'Parental illness or disability',
  N4: 'Family in acute stress',
  N5: 'Family dysfunction',
  N6: 'Socially unacceptable behaviour',
  N7: 'Low income',
  N8: 'Absent parenting',
  N9: 'Cases other than children in need',
};

export const SEX_LABELS: Readonly<Record<Sex, string>> = { M: 'Male', F: 'Female', U: 'Not known' };

export const DISABILITY_LABELS: Readonly<Record<Disability, string>> = {
  NONE: 'No disability',
  MOB: 'Mobility',
  HAND: 'Hand function',
  PC: 'Personal care',
  INC: 'Incontinence',
  COMM: 'Communication',
  LD: 'Learning',
  HEAR: 'Hearing',
  VIS: 'Vision',
  BEH: 'Behaviour',
  CON: 'Consciousness',
  AUT: 'Autism or Asperger syndrome',
  DDA: 'Other disability',
};

/** CIN census reasons a referral closed. */
export const CLOSURE_REASON_LABELS: Readonly<Record<ClosureReason, string>> = {
  RC1: 'Adopted',
  RC2: 'Died',
  RC3: 'Child arrangements order',
  RC4: 'Special guardianship order',
  RC5: 'Transferred to another council',
  RC6: 'Transferred to adult social care',
  RC7: 'Services ended for another reason',
  RC8: 'Closed after assessment: no further action',
  RC9: 'Closed after assessment: referred to early help',
};

/** The channels an alert is delivered on (alert-delivery.ts AlertChannel). */
export const ALERT_CHANNEL_LABELS: Readonly<Record<string, string>> = {
  in_app: 'In the desk',
  webhook: 'Webhook',
  email: 'Email',
};

/** Where an alert's delivery on one channel stands. */
export const DELIVERY_STATUS_LABELS: Readonly<
  Record<'pending' | 'retrying' | 'delivered' | 'failed', string>
> = {
  pending: 'Waiting to send',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed for good',
};

/** The word for a code, or the code itself (a worker can still read it) when a list has no word for it. */
export function labelOf(
  labels: Readonly<Record<string, string>>,
  code: string | number | null | undefined,
): string {
  if (code === null || code === undefined) return '';
  return labels[String(code)] ?? String(code);
}

/** "Same day", "Within 3 working days": the priority in words. */
export const priorityLabel = (code: string) => labelOf(PRIORITY_LABELS, code);
export const routeLabel = (code: string) => labelOf(ROUTE_LABELS, code);
export const levelLabel = (level: number) => labelOf(NEED_LEVEL_LABELS, level);
export const agencyLabel = (code: string) => labelOf(AGENCY_LABELS, code);
export const indicatorLabel = (code: string) => labelOf(INDICATOR_LABELS, code);
export const outcomeLabel = (code: string) => labelOf(CLOSE_OUTCOME_LABELS, code);
export const localityLabel = (code: string) => labelOf(LOCALITY_LABELS, code);
export const primaryNeedLabel = (code: string | null | undefined) => labelOf(PRIMARY_NEED_LABELS, code);
