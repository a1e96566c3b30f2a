import type { Consent, Gender } from '@app/contracts';
import { ContactBody, pathMapper, present, unique } from '../common/canonical-body';
import { clip } from '../common/native-validation';
import type { ConcernCategory, SchoolConcernDto } from './school-concern.dto';

/** duty-criteria.md section 7: attendance thresholds (% of sessions) and repeat suspensions. */
export const PERSISTENT_ABSENCE_BELOW = 90;
export const SEVERE_ABSENCE_BELOW = 50;
export const REPEAT_SUSPENSIONS = 2;

/** Safeguarding log categories that name a criteria indicator on their own. */
export const CATEGORY_INDICATOR: Readonly<Partial<Record<ConcernCategory, string>>> = {
  child_missing_education: 'child_missing_education',
  elective_home_education: 'elective_home_education_concern',
  emotional_wellbeing: 'emotional_wellbeing_concern',
  exploitation: 'exploitation_cse_cce',
  neglect: 'neglect_emerging',
  physical_abuse: 'physical_abuse_injury',
  self_harm: 'self_harm',
  substance_misuse: 'substance_misuse_child',
  young_carer: 'young_carer',
  behaviour: 'behaviour_concern_school',
};

const GENDER: Readonly<Record<string, Gender>> = { F: 'female', M: 'male', X: 'other', U: 'unknown' };
const CONSENT: Readonly<Record<SchoolConcernDto['parentalConsent'], Consent>> = {
  consented: 'given',
  refused: 'refused',
  not_sought: 'not_asked',
  not_sought_risk_to_child: 'not_required',
};

/** Attendance below 50% is severe absence, below 90% persistent absence (one or the other, not both). */
export function attendanceIndicator(percentage: number | undefined): string | null {
  if (percentage === undefined) return null;
  if (percentage < SEVERE_ABSENCE_BELOW) return 'attendance_severe_absence';
  if (percentage < PERSISTENT_ABSENCE_BELOW) return 'attendance_persistent_absence';
  return null;
}

/** The indicator codes a school's concern gives the pupil. */
export function schoolIndicators(c: SchoolConcernDto): string[] {
  const categories = c.concern.categories;
  return unique([
    ...categories.map((cat) => {
      // A pupil's own account of sexual abuse is a disclosure; a concern without one is a suspicion.
      if (cat === 'sexual_abuse')
        return c.concern.disclosure ? 'sexual_abuse_disclosure' : 'sexual_abuse_suspected';
      return CATEGORY_INDICATOR[cat];
    }),
    attendanceIndicator(c.attendance?.percentage),
    c.exclusions?.permanentlyExcluded && 'exclusion_permanent',
    (c.exclusions?.suspensionsThisSchoolYear ?? 0) >= REPEAT_SUSPENSIONS && 'exclusion_suspension_repeat',
  ]);
}

export function schoolContact(
  c: SchoolConcernDto,
  partnerAgency: 'school' | 'education_service',
): ContactBody {
  return {
    source: {
      agency: partnerAgency,
      organisation: c.school.name,
      referrer: {
        name: c.dsl.name,
        role: c.dsl.role ?? 'Designated Safeguarding Lead',
        ...present({ phone: c.dsl.phone, email: c.dsl.email }),
      },
    },
    child: {
      firstName: c.pupil.forename,
      lastName: c.pupil.surname,
      dateOfBirth: c.pupil.dateOfBirth,
      ...present({
        gender: c.pupil.gender ? GENDER[c.pupil.gender] : undefined,
        nhsNumber: c.pupil.nhsNumber,
        upn: c.pupil.upn,
      }),
      ...(c.pupil.address ? { address: { ...c.pupil.address } } : {}),
    },
    concerns: {
      indicators: schoolIndicators(c),
      summary: schoolSummary(c),
      immediateRisk: c.concern.immediateRisk === true,
      allegedPerpetratorHasAccess: c.concern.allegedPerpetratorHasAccess === true,
    },
    consent: CONSENT[c.parentalConsent],
    ...present({ occurredAt: c.concern.loggedAt }),
  };
}

export function schoolSummary(c: SchoolConcernDto): string {
  const lines = [
    `School safeguarding concern ${c.concernRef} (${c.school.name}, URN ${c.school.urn})` +
      (c.pupil.yearGroup ? `, ${c.pupil.yearGroup}` : '') +
      `: ${c.concern.categories.join(', ').replace(/_/g, ' ')}.`,
  ];
  if (c.concern.disclosure) lines.push('The pupil made a disclosure.');
  if (c.attendance) lines.push(`Attendance this school year: ${c.attendance.percentage}%.`);
  if (c.exclusions) {
    lines.push(
      `Suspensions this school year: ${c.exclusions.suspensionsThisSchoolYear}` +
        (c.exclusions.permanentlyExcluded ? '; permanently excluded.' : '.'),
    );
  }
  lines.push(`Concern: ${c.concern.description}`);
  return clip(lines.join('\n'), 10_000);
}

/** Cross-field rules: a concern about attendance must give the attendance figure. */
export function schoolRules(c: SchoolConcernDto): { path: string; message: string }[] {
  if (c.concern.categories.includes('attendance') && !c.attendance) {
    return [{ path: 'attendance', message: 'is required when the concern is about attendance' }];
  }
  return [];
}

export const schoolNativePath = pathMapper(
  () => [
    ['child.firstName', 'pupil.forename'],
    ['child.lastName', 'pupil.surname'],
    ['child', 'pupil'],
    ['source.referrer', 'dsl'],
    ['source.organisation', 'school.name'],
    ['occurredAt', 'concern.loggedAt'],
    ['concerns.summary', 'concern.description'],
  ],
  () => 'pupil',
);
