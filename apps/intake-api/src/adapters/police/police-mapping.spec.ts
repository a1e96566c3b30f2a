import { validateContact } from '@app/contracts';
import { bundledCriteriaRegistry } from '@app/criteria';
import { Problem } from '@app/http';
import { validateNative } from '../common/native-validation';
import { policeContacts, policeIndicators, policeNativePath, policeRules } from './police-mapping';
import { PoliceNotificationDto } from './police-notification.dto';
import { policeMissingSample, policeNotificationSample } from './police-notification.example';

const knownIndicators = bundledCriteriaRegistry().current().indicatorCodes;
const receivedAt = new Date('2026-01-22T10:00:00Z');

/** The sample with changes, validated as the endpoint validates it. */
function notification(change: (n: any) => void = () => undefined): PoliceNotificationDto {
  const body: any = policeNotificationSample();
  change(body);
  return validateNative(PoliceNotificationDto, body, [policeRules]);
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

describe('police adapter mapping', () => {
  describe('domestic abuse: the DASH grade gives the code of that grade to every child', () => {
    it.each([
      ['standard', 'domestic_abuse_standard_risk'],
      ['medium', 'domestic_abuse_medium_risk'],
      ['high', 'domestic_abuse_high_risk'],
    ])('DASH %s -> %s', (grade, code) => {
      const n = notification((b) => (b.incident.dash.riskGrade = grade));
      for (const child of n.household.children) expect(policeIndicators(n, child)).toContain(code);
    });

    it('the alleged perpetrator having access is carried to each contact', () => {
      const contacts = policeContacts(notification());
      expect(contacts.map((c) => c.concerns.allegedPerpetratorHasAccess)).toEqual([true, true]);
    });

    it('a domestic abuse incident without a DASH assessment is refused, naming incident.dash', () => {
      const p = problemOf(() => notification((b) => delete b.incident.dash));
      expect(p.getStatus()).toBe(422);
      expect(p.errors).toEqual([{ path: 'incident.dash', message: expect.any(String) }]);
    });
  });

  describe('missing person reports', () => {
    const missing = (episode: object) => {
      const body: any = policeMissingSample();
      body.household.children[0].missingEpisode = episode;
      const n = validateNative(PoliceNotificationDto, body, [policeRules]);
      return policeIndicators(n, n.household.children[0]);
    };

    it('a child still missing gives missing_child_current', () => {
      expect(missing({ status: 'missing', reportsInLast90Days: 1 })).toContain('missing_child_current');
    });

    it('a child found on the third report in 90 days gives missing_episodes_repeat', () => {
      const codes = missing({ status: 'found', reportsInLast90Days: 3 });
      expect(codes).toContain('missing_episodes_repeat');
      expect(codes).not.toContain('missing_child_current');
    });

    it('a child found on the second report gives neither missing code', () => {
      const codes = missing({ status: 'found', reportsInLast90Days: 2 });
      expect(codes).not.toContain('missing_episodes_repeat');
      expect(codes).not.toContain('missing_child_current');
    });

    it('a missing_person notification must say which child went missing', () => {
      const body: any = policeMissingSample();
      delete body.household.children[0].missingEpisode;
      const p = problemOf(() => validateNative(PoliceNotificationDto, body, [policeRules]));
      expect(p.errors?.map((e) => e.path)).toEqual(['household.children']);
    });
  });

  describe('police protection', () => {
    it('gives immediateRisk to the child it was used for, and only that child', () => {
      const contacts = policeContacts(
        notification((b) => {
          b.incident.type = 'police_protection';
          delete b.incident.dash;
          b.household.children[1].policeProtectionUsed = true;
        }),
      );
      expect(contacts.map((c) => c.concerns.immediateRisk)).toEqual([false, true]);
    });

    it('a police_protection notification with no child marked is refused', () => {
      const p = problemOf(() =>
        notification((b) => {
          b.incident.type = 'police_protection';
          delete b.incident.dash;
        }),
      );
      expect(p.errors?.map((e) => e.path)).toEqual(['household.children']);
    });
  });

  it('risk factors give their criteria codes, each once', () => {
    const n = notification(
      (b) =>
        (b.incident.riskFactors = ['parental_mental_health', 'child_left_alone', 'home_conditions_poor']),
    );
    expect(policeIndicators(n, n.household.children[0])).toEqual([
      'domestic_abuse_medium_risk',
      'parental_mental_health',
      'child_abandoned_or_left_alone',
      'neglect_emerging',
    ]);
  });

  it('a child exploitation incident gives exploitation_cse_cce once, even with the risk factor too', () => {
    const body: any = policeMissingSample();
    body.incident.type = 'child_exploitation';
    const n = validateNative(PoliceNotificationDto, body, [policeRules]);
    expect(
      policeIndicators(n, n.household.children[0]).filter((c) => c === 'exploitation_cse_cce'),
    ).toHaveLength(1);
  });

  describe('one canonical contact per child', () => {
    const contacts = policeContacts(notification());

    it('linked by a householdRef from the incident reference', () => {
      expect(contacts).toHaveLength(2);
      expect(new Set(contacts.map((c) => c.householdRef))).toEqual(new Set(['police:43260012345']));
    });

    it('each a valid contact of the contract, from the police (CIN 6)', () => {
      for (const body of contacts) {
        const result = validateContact(body, { receivedAt, knownIndicators });
        expect(result).toMatchObject({ ok: true });
        if (result.ok) expect(result.contact.source).toMatchObject({ agency: 'police', cinCode: '6' });
      }
    });

    it('carries the child, the officer and the household address', () => {
      expect(contacts[0]).toMatchObject({
        source: {
          organisation: 'Thames Valley Police, Banbury Police Station',
          referrer: { name: 'J. Smith', role: 'Police officer (PC 4512)', phone: '01865 000101' },
        },
        child: { firstName: 'Maya', lastName: 'Okafor', gender: 'female', nhsNumber: '943 476 5919' },
        consent: 'not_required',
        occurredAt: '2026-01-20T02:10:00Z',
      });
      expect(contacts[1].child).toMatchObject({
        firstName: 'Theo',
        gender: 'male',
        address: { postcode: 'ox161aa' },
      });
      expect(contacts[1].child).not.toHaveProperty('nhsNumber');
    });

    it('the summary gives the facts but no other child by name', () => {
      expect(contacts[0].concerns.summary).toMatch(/DASH risk medium/);
      expect(contacts[0].concerns.summary).toMatch(/present at the incident/);
      expect(contacts[0].concerns.summary).not.toMatch(/Theo/);
    });
  });

  describe('validation of the native format', () => {
    it('names every field at fault in the police format, unknown fields as 400', () => {
      const p = problemOf(() =>
        notification((b) => {
          b.incident.dash.riskGrade = 'severe';
          b.household.children[1].nhsNumber = '1234567890';
          b.officer.badge = 'x';
        }),
      );
      expect(p.getStatus()).toBe(400);
      expect(p.errors?.map((e) => e.path)).toEqual([
        'household.children[1].nhsNumber',
        'incident.dash.riskGrade',
        'officer.badge',
      ]);
    });

    it('a number where a string belongs is malformed (400); a count of zero breaks a rule (422)', () => {
      const bad = (count: unknown) => {
        const body: any = policeMissingSample();
        body.household.children[0].missingEpisode.reportsInLast90Days = count;
        return problemOf(() => validateNative(PoliceNotificationDto, body, [policeRules]));
      };
      expect(bad('3').getStatus()).toBe(400);
      expect(bad(0).getStatus()).toBe(422);
      expect(bad(0).errors).toEqual([
        { path: 'household.children[0].missingEpisode.reportsInLast90Days', message: 'must be at least 1' },
      ]);
    });

    it('a canonical fault is named in the police format', () => {
      expect(policeNativePath(1, 'child.dateOfBirth')).toBe('household.children[1].dateOfBirth');
      expect(policeNativePath(0, 'child.address.postcode')).toBe('household.address.postcode');
      expect(policeNativePath(0, 'source.referrer.phone')).toBe('officer.phone');
      expect(policeNativePath(0, 'occurredAt')).toBe('incident.occurredAt');
    });
  });
});
