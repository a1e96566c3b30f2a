import { validateContact } from '@app/contracts';
import { bundledCriteriaRegistry } from '@app/criteria';
import { Problem } from '@app/http';
import { validateNative } from '../common/native-validation';
import { SchoolConcernDto } from './school-concern.dto';
import { schoolConcernSample } from './school-concern.example';
import {
  attendanceIndicator,
  schoolContact,
  schoolIndicators,
  schoolNativePath,
  schoolRules,
} from './school-mapping';

const knownIndicators = bundledCriteriaRegistry().current().indicatorCodes;

function concern(change: (c: any) => void = () => undefined): SchoolConcernDto {
  const body: any = schoolConcernSample();
  change(body);
  return validateNative(SchoolConcernDto, body, [schoolRules]);
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

describe('schools adapter mapping', () => {
  describe('attendance: below 90% persistent absence, below 50% severe absence', () => {
    it.each([
      [100, null],
      [90, null],
      [89.9, 'attendance_persistent_absence'],
      [50, 'attendance_persistent_absence'],
      [49.9, 'attendance_severe_absence'],
      [0, 'attendance_severe_absence'],
    ])('%s%% -> %s', (percentage, code) => {
      expect(attendanceIndicator(percentage)).toBe(code);
      const codes = schoolIndicators(concern((c) => (c.attendance.percentage = percentage)));
      const attendance = codes.filter((x) => x.startsWith('attendance_'));
      expect(attendance).toEqual(code ? [code] : []);
    });

    it('no attendance figure gives no attendance code', () => {
      const c = concern((b) => {
        delete b.attendance;
        b.concern.categories = ['neglect'];
      });
      expect(schoolIndicators(c).some((x) => x.startsWith('attendance_'))).toBe(false);
    });

    it('a concern about attendance must give the attendance figure', () => {
      const p = problemOf(() => concern((b) => delete b.attendance));
      expect(p.getStatus()).toBe(422);
      expect(p.errors?.map((e) => e.path)).toEqual(['attendance']);
    });
  });

  describe('exclusions', () => {
    it('a permanent exclusion gives exclusion_permanent', () => {
      expect(schoolIndicators(concern((c) => (c.exclusions.permanentlyExcluded = true)))).toContain(
        'exclusion_permanent',
      );
      expect(schoolIndicators(concern())).not.toContain('exclusion_permanent');
    });

    it.each([
      [0, false],
      [1, false],
      [2, true],
      [5, true],
    ])('%s suspension(s) this school year -> exclusion_suspension_repeat: %s', (n, expected) => {
      const codes = schoolIndicators(concern((c) => (c.exclusions.suspensionsThisSchoolYear = n)));
      expect(codes.includes('exclusion_suspension_repeat')).toBe(expected);
    });
  });

  describe('safeguarding log categories', () => {
    it.each([
      ['neglect', 'neglect_emerging'],
      ['self_harm', 'self_harm'],
      ['exploitation', 'exploitation_cse_cce'],
      ['child_missing_education', 'child_missing_education'],
      ['physical_abuse', 'physical_abuse_injury'],
    ])('%s -> %s', (category, code) => {
      expect(schoolIndicators(concern((c) => (c.concern.categories = [category])))).toContain(code);
    });

    it('sexual abuse is a disclosure when the pupil told, a suspicion otherwise', () => {
      const told = concern((c) => {
        c.concern.categories = ['sexual_abuse'];
        c.concern.disclosure = true;
      });
      expect(schoolIndicators(told)).toContain('sexual_abuse_disclosure');
      const suspected = concern((c) => (c.concern.categories = ['sexual_abuse']));
      expect(schoolIndicators(suspected)).toContain('sexual_abuse_suspected');
    });

    it('bullying, online safety and other give no code of their own', () => {
      const c = concern((b) => {
        b.concern.categories = ['bullying', 'online_safety', 'other'];
        delete b.attendance;
        delete b.exclusions;
      });
      expect(schoolIndicators(c)).toEqual([]);
    });
  });

  it('the sample gives neglect, persistent absence and repeat suspensions', () => {
    expect(schoolIndicators(concern())).toEqual([
      'neglect_emerging',
      'attendance_persistent_absence',
      'exclusion_suspension_repeat',
    ]);
  });

  it('maps to a valid contract contact from a school (CIN 2A) with the UPN and the DSL', () => {
    const body = schoolContact(concern(), 'school');
    expect(body).toMatchObject({
      source: {
        agency: 'school',
        organisation: 'Cherwell Valley Primary School',
        referrer: { name: 'A. Patel' },
      },
      child: { firstName: 'Maya', lastName: 'Okafor', upn: 'A123456789012', gender: 'female' },
      consent: 'given',
      occurredAt: '2026-01-20T09:05:00Z',
    });
    const result = validateContact(body, { receivedAt: new Date('2026-01-22T10:00:00Z'), knownIndicators });
    expect(result).toMatchObject({ ok: true, contact: { source: { cinCode: '2A' } } });
  });

  it('an education service partner records as education_service (CIN 2B)', () => {
    expect(schoolContact(concern(), 'education_service').source.agency).toBe('education_service');
  });

  it('names faults in the school format', () => {
    const p = problemOf(() =>
      concern((c) => {
        c.pupil.upn = 'B123456789012';
        c.attendance.percentage = 120;
        c.school.urn = '12';
      }),
    );
    expect(p.getStatus()).toBe(422);
    expect(p.errors?.map((e) => e.path)).toEqual(['attendance.percentage', 'pupil.upn', 'school.urn']);
    expect(schoolNativePath(0, 'child.dateOfBirth')).toBe('pupil.dateOfBirth');
    expect(schoolNativePath(0, 'source.referrer.phone')).toBe('dsl.phone');
  });
});
