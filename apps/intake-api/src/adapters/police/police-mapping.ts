import type { Consent, Gender } from '@app/contracts';
import { ContactBody, pathMapper, present, unique } from '../common/canonical-body';
import { clip } from '../common/native-validation';
import type {
  DashRiskGrade,
  PoliceChildDto,
  PoliceNotificationDto,
  PoliceRiskFactor,
} from './police-notification.dto';

/** duty-criteria.md section 7: the DASH risk grade gives the domestic abuse code of that grade. */
export const DASH_INDICATOR: Readonly<Record<DashRiskGrade, string>> = {
  standard: 'domestic_abuse_standard_risk',
  medium: 'domestic_abuse_medium_risk',
  high: 'domestic_abuse_high_risk',
};

/** Risk factors officers record, as the criteria name them. */
export const RISK_FACTOR_INDICATOR: Readonly<Record<PoliceRiskFactor, string>> = {
  parental_alcohol_or_drug_misuse: 'parental_substance_misuse',
  parental_mental_health: 'parental_mental_health',
  child_exploitation: 'exploitation_cse_cce',
  gang_association: 'gang_association',
  threat_to_harm_child: 'parent_threat_to_harm_child',
  child_left_alone: 'child_abandoned_or_left_alone',
  home_conditions_poor: 'neglect_emerging',
  radicalisation: 'radicalisation_risk',
};

/** A found child's report that makes the episodes "repeat": the third in 90 days. */
export const REPEAT_MISSING_REPORTS = 3;

const GENDER: Readonly<Record<string, Gender>> = { F: 'female', M: 'male', X: 'other', U: 'unknown' };
const CONSENT: Readonly<Record<PoliceNotificationDto['consentToShare'], Consent>> = {
  given: 'given',
  refused: 'refused',
  not_sought: 'not_asked',
  not_sought_risk_to_child: 'not_required',
};

/** The indicator codes a notification gives one child of the household. */
export function policeIndicators(n: PoliceNotificationDto, child: PoliceChildDto): string[] {
  const { incident } = n;
  const missing = child.missingEpisode;
  return unique([
    // Domestic abuse in the household concerns every child living there.
    incident.type === 'domestic_abuse' && incident.dash && DASH_INDICATOR[incident.dash.riskGrade],
    missing?.status === 'missing' && 'missing_child_current',
    missing?.status === 'found' &&
      missing.reportsInLast90Days >= REPEAT_MISSING_REPORTS &&
      'missing_episodes_repeat',
    incident.type === 'child_exploitation' && 'exploitation_cse_cce',
    ...(incident.riskFactors ?? []).map((f) => RISK_FACTOR_INDICATOR[f]),
  ]);
}

/** Police protection (s46) used for a child is an immediate risk to that child. */
export function policeImmediateRisk(child: PoliceChildDto): boolean {
  return child.policeProtectionUsed === true;
}

/** Links the contacts of one notification: the force's incident reference. */
export function policeHouseholdRef(n: PoliceNotificationDto): string {
  return `police:${n.incident.reference}`;
}

/** One canonical contact per child named in the notification, in the order they are listed. */
export function policeContacts(n: PoliceNotificationDto): ContactBody[] {
  const householdRef = policeHouseholdRef(n);
  return n.household.children.map((child) => ({
    source: {
      agency: 'police',
      organisation: `${n.force}, ${n.station}`,
      referrer: {
        name: n.officer.name,
        role: `Police officer (${n.officer.collarNumber})`,
        ...present({ phone: n.officer.phone, email: n.officer.email }),
      },
    },
    child: {
      ...present({ firstName: child.forename }),
      lastName: child.surname,
      ...present({
        dateOfBirth: child.dateOfBirth,
        expectedDateOfBirth: child.expectedDateOfBirth,
        gender: child.gender ? GENDER[child.gender] : undefined,
        nhsNumber: child.nhsNumber,
      }),
      ...(n.household.address ? { address: { ...n.household.address } } : {}),
    },
    concerns: {
      indicators: policeIndicators(n, child),
      summary: policeSummary(n, child),
      immediateRisk: policeImmediateRisk(child),
      allegedPerpetratorHasAccess: n.incident.dash?.perpetratorHasAccessToChildren === true,
    },
    consent: CONSENT[n.consentToShare],
    occurredAt: n.incident.occurredAt,
    householdRef,
  }));
}

/** What the duty worker reads: the facts the indicators came from, then the officer's account. */
export function policeSummary(n: PoliceNotificationDto, child: PoliceChildDto): string {
  const { incident } = n;
  const lines = [
    `Police notification ${n.notificationRef} (${n.force}, incident ${incident.reference}): ${incident.type.replace(/_/g, ' ')}` +
      (incident.dash ? `, DASH risk ${incident.dash.riskGrade}` : '') +
      (incident.dash?.maracReferral ? ', referred to MARAC' : '') +
      '.',
  ];
  if (child.presentAtIncident) lines.push('The child was present at the incident.');
  if (child.missingEpisode) {
    const m = child.missingEpisode;
    lines.push(
      `Missing person: ${m.status === 'missing' ? 'still missing' : 'found'}; report ${m.reportsInLast90Days} in the last 90 days.`,
    );
  }
  if (child.policeProtectionUsed) lines.push('Police protection powers were used for this child.');
  const others = n.household.children.length - 1;
  if (others > 0) lines.push(`${others} other child(ren) in the household are notified separately.`);
  if (incident.riskFactors?.length) lines.push(`Risk factors: ${incident.riskFactors.join(', ')}.`);
  lines.push(`Circumstances: ${incident.circumstances}`);
  return clip(lines.join('\n'), 10_000);
}

/** Cross-field rules of the notification, named in its own fields. */
export function policeRules(n: PoliceNotificationDto): { path: string; message: string }[] {
  const faults: { path: string; message: string }[] = [];
  const children = n.household.children;
  if (n.incident.type === 'domestic_abuse' && !n.incident.dash) {
    faults.push({
      path: 'incident.dash',
      message: 'is required for a domestic_abuse incident (the DASH risk grade)',
    });
  }
  if (n.incident.type === 'missing_person' && !children.some((c) => c.missingEpisode)) {
    faults.push({
      path: 'household.children',
      message: 'a missing_person notification must give the missingEpisode of the child reported missing',
    });
  }
  if (n.incident.type === 'police_protection' && !children.some((c) => c.policeProtectionUsed)) {
    faults.push({
      path: 'household.children',
      message: 'a police_protection notification must mark the child(ren) with policeProtectionUsed: true',
    });
  }
  return faults;
}

/** Where a fault the canonical contract finds in child `i`'s contact lies in the notification. */
export const policeNativePath = pathMapper(
  (i) => [
    ['child.firstName', `household.children[${i}].forename`],
    ['child.lastName', `household.children[${i}].surname`],
    ['child.dateOfBirth', `household.children[${i}].dateOfBirth`],
    ['child.expectedDateOfBirth', `household.children[${i}].expectedDateOfBirth`],
    ['child.nhsNumber', `household.children[${i}].nhsNumber`],
    ['child.gender', `household.children[${i}].gender`],
    ['child.address', 'household.address'],
    ['source.referrer.name', 'officer.name'],
    ['source.referrer.role', 'officer.collarNumber'],
    ['source.referrer', 'officer'],
    ['source.organisation', 'station'],
    ['occurredAt', 'incident.occurredAt'],
    ['concerns.summary', 'incident.circumstances'],
  ],
  (i) => `household.children[${i}]`,
);
