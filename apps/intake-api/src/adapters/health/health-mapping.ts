import { serviceDateOf, type Consent, type Gender } from '@app/contracts';
import { ContactBody, pathMapper, present, unique } from '../common/canonical-body';
import { clip } from '../common/native-validation';
import { HEALTH_SETTINGS, type HealthConcern, type HealthReferralDto } from './health-referral.dto';

/** duty-criteria.md section 7: an injury below this age (months) is an injury to a non-mobile infant. */
export const NON_MOBILE_AGE_MONTHS = 6;
export const MISSED_APPOINTMENTS_THRESHOLD = 3;

export const CONCERN_INDICATOR: Readonly<Record<HealthConcern, string>> = {
  fgm: 'fgm_known_or_risk',
  fabricated_or_induced_illness: 'fabricated_illness_suspected',
  self_harm: 'self_harm',
  substance_misuse: 'substance_misuse_child',
  pregnancy_under_16: 'pregnancy_under_16',
  developmental_delay: 'developmental_delay_concern',
  neglect: 'neglect_emerging',
  sexual_abuse_suspected: 'sexual_abuse_suspected',
  parental_mental_health: 'parental_mental_health',
  parental_substance_misuse: 'parental_substance_misuse',
  unborn_concern: 'unborn_concern',
};

const GENDER: Readonly<Record<string, Gender>> = {
  female: 'female',
  male: 'male',
  indeterminate: 'other',
  not_known: 'unknown',
};
const CONSENT: Readonly<Record<HealthReferralDto['consentToShare'], Consent>> = {
  yes: 'given',
  no: 'refused',
  not_sought: 'not_asked',
  not_sought_safeguarding: 'not_required',
};

/** Whole months from a date of birth to a day (both YYYY-MM-DD). */
export function monthsBetween(dateOfBirth: string, on: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number);
  const [y, m, d] = on.split('-').map(Number);
  return (y - by) * 12 + (m - bm) - (d < bd ? 1 : 0);
}

/**
 * The child's age in months when the injury was seen: as recorded, else from the date of birth on the day
 * it was seen (or the referral was received). Null when neither is known.
 */
export function ageAtInjuryMonths(r: HealthReferralDto, receivedAt: Date): number | null {
  if (!r.injury) return null;
  if (r.injury.ageInMonths !== undefined) return r.injury.ageInMonths;
  if (!r.patient.dateOfBirth) return null;
  const seen = r.injury.seenAt ? new Date(r.injury.seenAt) : receivedAt;
  return monthsBetween(r.patient.dateOfBirth, serviceDateOf(seen));
}

/** The indicator codes a health referral gives the child. */
export function healthIndicators(r: HealthReferralDto, receivedAt: Date): string[] {
  const injury = r.injury;
  const age = ageAtInjuryMonths(r, receivedAt);
  return unique([
    injury &&
      ((age !== null && age < NON_MOBILE_AGE_MONTHS) || injury.mobility === 'not_yet_mobile') &&
      'injury_non_mobile_infant',
    injury && injury.explanationConsistent === false && 'physical_abuse_injury',
    (r.missedAppointments?.last12Months ?? 0) >= MISSED_APPOINTMENTS_THRESHOLD &&
      'missed_health_appointments',
    ...(r.safeguardingConcerns ?? []).map((c) => CONCERN_INDICATOR[c]),
  ]);
}

export function healthContact(r: HealthReferralDto, receivedAt: Date): ContactBody {
  const p = r.patient;
  return {
    source: {
      agency: HEALTH_SETTINGS[r.setting],
      organisation: r.organisation,
      referrer: {
        name: r.clinician.name,
        role: r.clinician.role,
        ...present({ phone: r.clinician.phone, email: r.clinician.email }),
      },
    },
    child: {
      ...present({ firstName: p.forename }),
      lastName: p.surname,
      ...present({
        dateOfBirth: p.dateOfBirth,
        expectedDateOfBirth: p.expectedDateOfBirth,
        gender: p.gender ? GENDER[p.gender] : undefined,
        nhsNumber: p.nhsNumber,
      }),
      ...(p.address ? { address: { ...p.address } } : {}),
    },
    concerns: {
      indicators: healthIndicators(r, receivedAt),
      summary: healthSummary(r, receivedAt),
      immediateRisk: r.immediateRisk === true,
      allegedPerpetratorHasAccess: false,
    },
    consent: CONSENT[r.consentToShare],
    ...present({ occurredAt: r.injury?.seenAt }),
  };
}

export function healthSummary(r: HealthReferralDto, receivedAt: Date): string {
  const lines = [`Health referral ${r.referralRef} (${r.organisation}, ${r.setting.replace(/_/g, ' ')}).`];
  if (r.injury) {
    const age = ageAtInjuryMonths(r, receivedAt);
    lines.push(
      `Injury: ${r.injury.description}` +
        (age !== null ? `; age ${age} month(s)` : '') +
        `; mobility: ${r.injury.mobility.replace(/_/g, ' ')}` +
        `; explanation ${r.injury.explanationConsistent ? 'consistent' : 'NOT consistent'} with the injury.`,
    );
  }
  if (r.missedAppointments) {
    lines.push(`Appointments not brought to in 12 months: ${r.missedAppointments.last12Months}.`);
  }
  if (r.safeguardingConcerns?.length) lines.push(`Concerns: ${r.safeguardingConcerns.join(', ')}.`);
  lines.push(`Clinical summary: ${r.clinicalSummary}`);
  return clip(lines.join('\n'), 10_000);
}

/** Cross-field rules: the NHS number is required for a born child. */
export function healthRules(r: HealthReferralDto): { path: string; message: string }[] {
  if (!r.patient.nhsNumber && !r.patient.expectedDateOfBirth) {
    return [
      {
        path: 'patient.nhsNumber',
        message: 'is required unless the child is unborn (expectedDateOfBirth given)',
      },
    ];
  }
  return [];
}

export const healthNativePath = pathMapper(
  () => [
    ['child.firstName', 'patient.forename'],
    ['child.lastName', 'patient.surname'],
    ['child', 'patient'],
    ['source.referrer', 'clinician'],
    ['source.organisation', 'organisation'],
    ['source.agency', 'setting'],
    ['occurredAt', 'injury.seenAt'],
    ['concerns.summary', 'clinicalSummary'],
  ],
  () => 'patient',
);
