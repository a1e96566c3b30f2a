import { validateContact } from '@app/contracts';
import { bundledCriteriaRegistry } from '@app/criteria';
import { Problem } from '@app/http';
import { validateNative } from '../common/native-validation';
import {
  ageAtInjuryMonths,
  healthContact,
  healthIndicators,
  healthRules,
  monthsBetween,
} from './health-mapping';
import { HealthReferralDto } from './health-referral.dto';
import { healthReferralSample } from './health-referral.example';

const knownIndicators = bundledCriteriaRegistry().current().indicatorCodes;
const receivedAt = new Date('2026-01-22T10:00:00Z');

function referral(change: (r: any) => void = () => undefined): HealthReferralDto {
  const body: any = healthReferralSample();
  change(body);
  return validateNative(HealthReferralDto, body, [healthRules]);
}

function problemOf(fn: () => unknown): Problem {
  try {
    fn();
  } catch (e) {
    if (e instanceof Problem) return e;
    throw e;
  }
  throw new Error('expected a Problem');
}

/** An injury that fits its explanation, to a walking child: no injury code of its own. */
const walkingChildFine = (r: any) => {
  r.injury.ageInMonths = 30;
  r.injury.mobility = 'walking';
  r.injury.explanationConsistent = true;
  delete r.missedAppointments;
};

describe('health adapter mapping', () => {
  describe('injury to a non-mobile infant', () => {
    it.each([
      [3, 'walking', true],
      [5, 'walking', true],
      [6, 'walking', false],
      [9, 'not_yet_mobile', true],
      [9, 'crawling', false],
    ])('age %s months, %s -> injury_non_mobile_infant: %s', (age, mobility, expected) => {
      const codes = healthIndicators(
        referral((r) => {
          walkingChildFine(r);
          r.injury.ageInMonths = age;
          r.injury.mobility = mobility;
        }),
        receivedAt,
      );
      expect(codes.includes('injury_non_mobile_infant')).toBe(expected);
    });

    it('without a recorded age, the age is worked out from the date of birth on the day the injury was seen', () => {
      const r = referral((b) => {
        walkingChildFine(b);
        delete b.injury.ageInMonths;
        b.patient.dateOfBirth = '2025-07-21';
        b.injury.seenAt = '2026-01-20T14:30:00Z';
      });
      expect(ageAtInjuryMonths(r, receivedAt)).toBe(5);
      expect(healthIndicators(r, receivedAt)).toContain('injury_non_mobile_infant');
    });

    it('months are whole months', () => {
      expect(monthsBetween('2025-07-21', '2026-01-20')).toBe(5);
      expect(monthsBetween('2025-07-20', '2026-01-20')).toBe(6);
      expect(monthsBetween('2024-02-29', '2024-03-28')).toBe(0);
    });

    it('no injury, no injury code', () => {
      const r = referral((b) => delete b.injury);
      expect(healthIndicators(r, receivedAt)).toEqual(['missed_health_appointments']);
    });
  });

  it('an injury inconsistent with the explanation gives physical_abuse_injury', () => {
    expect(
      healthIndicators(
        referral((r) => (walkingChildFine(r), (r.injury.explanationConsistent = false))),
        receivedAt,
      ),
    ).toEqual(['physical_abuse_injury']);
    expect(healthIndicators(referral(walkingChildFine), receivedAt)).toEqual([]);
  });

  it.each([
    [2, false],
    [3, true],
    [7, true],
  ])('%s missed appointments in 12 months -> missed_health_appointments: %s', (n, expected) => {
    const codes = healthIndicators(
      referral((r) => (r.missedAppointments = { last12Months: n })),
      receivedAt,
    );
    expect(codes.includes('missed_health_appointments')).toBe(expected);
  });

  it('coded safeguarding concerns give their codes', () => {
    const codes = healthIndicators(
      referral((r) => {
        walkingChildFine(r);
        r.safeguardingConcerns = ['fgm', 'fabricated_or_induced_illness'];
      }),
      receivedAt,
    );
    expect(codes).toEqual(['fgm_known_or_risk', 'fabricated_illness_suspected']);
  });

  it.each([
    ['gp', 'health_gp', '3A'],
    ['health_visitor', 'health_visitor', '3B'],
    ['school_nurse', 'school_nurse', '3C'],
    ['other_primary_care', 'health_other_primary', '3D'],
    ['emergency_department', 'health_ae', '3E'],
    ['other', 'health_other', '3F'],
  ])('setting %s records agency %s (CIN %s), a valid contract contact', (setting, agency, cin) => {
    const body = healthContact(
      referral((r) => (r.setting = setting)),
      receivedAt,
    );
    expect(body.source.agency).toBe(agency);
    const result = validateContact(body, { receivedAt, knownIndicators });
    expect(result).toMatchObject({ ok: true, contact: { source: { cinCode: cin } } });
  });

  it('the sample maps the NHS number, the clinician and all three derived codes', () => {
    const body = healthContact(referral(), receivedAt);
    expect(body).toMatchObject({
      source: {
        organisation: 'Horton General Hospital Emergency Department',
        referrer: { name: 'Dr S. Hughes', role: 'Paediatric registrar' },
      },
      child: { nhsNumber: '4010232137', firstName: 'Noah', gender: 'male' },
      concerns: {
        indicators: ['injury_non_mobile_infant', 'physical_abuse_injury', 'missed_health_appointments'],
      },
      consent: 'not_required',
      occurredAt: '2026-01-20T14:30:00Z',
    });
    expect(body.concerns.summary).toMatch(/NOT consistent/);
  });

  it('the NHS number is required for a born child, and checked', () => {
    const missing = problemOf(() => referral((r) => delete r.patient.nhsNumber));
    expect(missing.errors?.map((e) => e.path)).toEqual(['patient.nhsNumber']);
    const wrong = problemOf(() => referral((r) => (r.patient.nhsNumber = '4010232138')));
    expect(wrong.getStatus()).toBe(422);
    expect(wrong.errors?.map((e) => e.path)).toEqual(['patient.nhsNumber']);
  });

  it('names every fault in the health format at once', () => {
    const p = problemOf(() =>
      referral((r) => {
        r.setting = 'pharmacy';
        r.injury.mobility = 'running';
        r.missedAppointments.last12Months = -1;
        r.consentToShare = 'maybe';
      }),
    );
    expect(p.errors?.map((e) => e.path)).toEqual([
      'consentToShare',
      'injury.mobility',
      'missedAppointments.last12Months',
      'setting',
    ]);
  });
});
