import { bundledCriteriaRegistry } from './criteria-registry';
import { CriteriaContact, Decision, EvaluateInput } from './decision';
import { evaluate, localityOf } from './engine';
import { CriteriaInputError } from './errors';

const criteria = bundledCriteriaRegistry().get('2026-1');
// Wednesday 18 November 2026, 12:00 GMT.
const T = '2026-11-18T12:00:00.000Z';

function contact(indicators: string[], changes: Partial<CriteriaContact> = {}): CriteriaContact {
  return {
    id: 'this',
    receivedAt: T,
    child: { firstName: 'Maya', lastName: 'Okafor', dateOfBirth: '2016-03-14', postcode: 'OX16 1AA' },
    indicators,
    immediateRisk: false,
    allegedPerpetratorHasAccess: false,
    consent: 'given',
    ...changes,
  };
}

/** A contact about the same child received `daysBefore` days before T. */
function earlier(
  id: string,
  daysBefore: number,
  indicators: string[] = [],
  changes: Partial<CriteriaContact> = {},
) {
  const receivedAt = new Date(Date.parse(T) - daysBefore * 86_400_000).toISOString();
  return contact(indicators, { id, receivedAt, ...changes });
}

function decide(main: CriteriaContact, input: Partial<EvaluateInput> = {}): Decision {
  return evaluate(
    { contact: main, sameChildContacts: [], openCase: null, at: main.receivedAt, ...input },
    criteria,
  );
}

function codes(decision: Decision): string[] {
  return decision.reasons.map((reason) => reason.code).sort();
}

describe('evaluate', () => {
  describe('the level', () => {
    it('is the highest indicator level in the picture, with a reason for each indicator at that level', () => {
      const decision = decide(
        contact(['neglect_severe', 'bereavement', 'self_harm', 'physical_abuse_injury']),
      );
      expect(decision.needLevel).toBe(4);
      expect(codes(decision)).toEqual(['indicator:neglect_severe', 'indicator:physical_abuse_injury']);
    });

    it('is 1 with no indicators, with the reason no_indicators', () => {
      const decision = decide(contact([]));
      expect(decision).toMatchObject({ needLevel: 1, route: 'LOCALITY_ADVICE', team: 'LOCALITY_NORTH' });
      expect(decision.priority).toBe('FIVE_WORKING_DAYS');
      expect(codes(decision)).toEqual(['no_indicators']);
    });

    it('is 4 when the contact says immediateRisk, which also makes it IMMEDIATE', () => {
      const decision = decide(contact(['bereavement'], { immediateRisk: true }));
      expect(decision).toMatchObject({ needLevel: 4, priority: 'IMMEDIATE', strategyDiscussion: true });
      expect(decision.dueAt).toBe('2026-11-18T13:00:00.000Z');
      expect(codes(decision)).toEqual(['immediate_risk_flag']);
    });

    it('does not take immediateRisk from another contact in the picture', () => {
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [earlier('a', 2, [], { immediateRisk: true })],
      });
      expect(decision.needLevel).toBe(2);
    });
  });

  describe('toxic trio', () => {
    it('is assembled from contacts of several agencies in the picture', () => {
      const decision = decide(contact(['parental_substance_misuse']), {
        sameChildContacts: [
          earlier('police', 8, ['domestic_abuse_standard_risk']),
          earlier('gp', 3, ['parental_mental_health']),
        ],
      });
      expect(decision).toMatchObject({ needLevel: 4, route: 'STATUTORY_ASSESSMENT', team: 'ASSESSMENT' });
      expect(decision.priority).toBe('SAME_DAY');
      expect(decision.dueAt).toBe('2026-11-18T16:00:00.000Z');
      expect(decision.strategyDiscussion).toBe(false);
      expect(codes(decision)).toEqual(['toxic_trio']);
      expect(decision.picture.contactIds).toEqual(['this', 'police', 'gp']);
    });

    it('counts domestic abuse of any risk grade', () => {
      const decision = decide(
        contact(['domestic_abuse_medium_risk', 'parental_substance_misuse', 'parental_mental_health']),
      );
      expect(decision.needLevel).toBe(4);
      expect(codes(decision)).toEqual(['toxic_trio']);
    });

    it('gives toxic_trio beside a level-4 indicator', () => {
      const decision = decide(
        contact(['domestic_abuse_high_risk', 'parental_substance_misuse', 'parental_mental_health']),
      );
      expect(codes(decision)).toEqual(['indicator:domestic_abuse_high_risk', 'toxic_trio']);
    });

    it('needs all three', () => {
      const decision = decide(contact(['domestic_abuse_standard_risk', 'parental_mental_health']));
      expect(decision.needLevel).toBe(3);
      expect(codes(decision)).toEqual(['indicator:parental_mental_health']);
    });

    it('needs all three in the 30-day picture', () => {
      const decision = decide(contact(['parental_substance_misuse', 'parental_mental_health']), {
        sameChildContacts: [earlier('old', 31, ['domestic_abuse_standard_risk'])],
      });
      expect(decision.needLevel).toBe(3);
    });
  });

  describe('multiple additional needs', () => {
    it('raises three level-2 indicators from two domains to level 3', () => {
      const decision = decide(contact(['financial_hardship', 'bereavement', 'young_carer']));
      expect(decision).toMatchObject({ needLevel: 3, route: 'FAMILY_SUPPORT', team: 'FAMILY_SUPPORT_NORTH' });
      expect(codes(decision)).toEqual(['multiple_additional_needs']);
    });

    it('counts level-2 indicators across contacts in the picture', () => {
      const decision = decide(contact(['financial_hardship']), {
        sameChildContacts: [
          earlier('a', 5, ['bereavement']),
          earlier('b', 10, ['attendance_persistent_absence']),
        ],
      });
      expect(decision.needLevel).toBe(3);
    });

    it('does not raise three level-2 indicators from one domain', () => {
      const decision = decide(contact(['financial_hardship', 'bereavement', 'parenting_support_need']));
      expect(decision.needLevel).toBe(2);
      expect(codes(decision)).toEqual([
        'indicator:bereavement',
        'indicator:financial_hardship',
        'indicator:parenting_support_need',
      ]);
    });

    it('does not raise two level-2 indicators from two domains', () => {
      expect(decide(contact(['financial_hardship', 'young_carer'])).needLevel).toBe(2);
    });

    it('counts a repeated indicator once', () => {
      const decision = decide(contact(['financial_hardship', 'young_carer']), {
        sameChildContacts: [earlier('a', 5, ['financial_hardship'])],
      });
      expect(decision.needLevel).toBe(2);
      expect(decision.picture.indicators).toEqual(['financial_hardship', 'young_carer']);
    });

    it('is given beside level-3 indicators', () => {
      const decision = decide(
        contact(['self_harm', 'financial_hardship', 'young_carer', 'behaviour_concern_school']),
      );
      expect(codes(decision)).toEqual(['indicator:self_harm', 'multiple_additional_needs']);
    });
  });

  describe('cumulative concerns', () => {
    const twoBefore = [earlier('a', 100), earlier('b', 300)];

    it('raises level 1 to 2 and level 2 to 3 with two contacts in the year before', () => {
      const one = decide(contact([]), { sameChildContacts: twoBefore });
      expect(one.needLevel).toBe(2);
      expect(one.history).toBe(2);
      expect(codes(one)).toEqual(['cumulative_concerns', 'no_indicators']);
      const two = decide(contact(['bereavement']), { sameChildContacts: twoBefore });
      expect(two).toMatchObject({ needLevel: 3, priority: 'ONE_WORKING_DAY', team: 'FAMILY_SUPPORT_NORTH' });
      expect(codes(two)).toEqual(['cumulative_concerns', 'indicator:bereavement']);
    });

    it('never raises 3 to 4', () => {
      const decision = decide(contact(['self_harm']), {
        sameChildContacts: [...twoBefore, earlier('c', 200)],
      });
      expect(decision.needLevel).toBe(3);
      expect(decision.history).toBe(3);
      expect(codes(decision)).toEqual(['indicator:self_harm']);
    });

    it('needs two', () => {
      expect(decide(contact(['bereavement']), { sameChildContacts: [earlier('a', 100)] }).needLevel).toBe(2);
    });

    it('counts only the 365 days strictly before the contact', () => {
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [earlier('old', 366), earlier('edge', 365), earlier('same time', 0)],
      });
      expect(decision.history).toBe(1);
      expect(decision.needLevel).toBe(2);
    });

    it('is fixed for the contact: later arrivals do not count on re-triage', () => {
      const later = new Date(Date.parse(T) + 2 * 86_400_000).toISOString();
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [earlier('a', 100), contact([], { id: 'later', receivedAt: later })],
        at: later,
      });
      expect(decision.history).toBe(1);
      expect(decision.needLevel).toBe(2);
    });
  });

  describe('the picture', () => {
    it('takes contacts received from 30 days before T up to T, and none after T', () => {
      const after = new Date(Date.parse(T) + 60_000).toISOString();
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [
          earlier('edge', 30, ['young_carer']),
          earlier('too old', 30.001, ['self_harm']),
          contact(['neglect_severe'], { id: 'future', receivedAt: after }),
        ],
      });
      expect(decision.picture).toEqual({
        indicators: ['bereavement', 'young_carer'],
        contactIds: ['this', 'edge'],
      });
      // The two earlier ones are in the year's history all the same.
      expect(decision.history).toBe(2);
    });

    it('counts this contact once when it is passed among the others too', () => {
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [contact(['bereavement']), earlier('a', 100)],
      });
      expect(decision.picture.contactIds).toEqual(['this']);
      expect(decision.history).toBe(1);
    });

    it('on re-triage takes the picture up to the later T and the due time from the contact', () => {
      const later = '2026-11-19T10:00:00.000Z';
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [contact(['physical_abuse_injury'], { id: 'later', receivedAt: later })],
        at: later,
      });
      expect(decision).toMatchObject({
        needLevel: 4,
        priority: 'SAME_DAY',
        dueAt: '2026-11-18T16:00:00.000Z',
      });
    });
  });

  describe('priority', () => {
    it('is IMMEDIATE for an imm indicator anywhere in the picture', () => {
      const decision = decide(contact(['bereavement']), {
        sameChildContacts: [earlier('a', 1, ['missing_child_current'])],
      });
      expect(decision).toMatchObject({
        needLevel: 4,
        priority: 'IMMEDIATE',
        dueAt: '2026-11-18T13:00:00.000Z',
      });
    });

    it('makes a disclosure IMMEDIATE only when the alleged perpetrator has access', () => {
      const without = decide(contact(['sexual_abuse_disclosure']));
      expect(without).toMatchObject({ needLevel: 4, priority: 'SAME_DAY', strategyDiscussion: true });
      const withAccess = decide(contact(['sexual_abuse_disclosure'], { allegedPerpetratorHasAccess: true }));
      expect(withAccess).toMatchObject({ priority: 'IMMEDIATE', dueAt: '2026-11-18T13:00:00.000Z' });
    });

    it('takes the perpetrator flag from the contact that carries the disclosure', () => {
      const decision = decide(contact(['bereavement'], { allegedPerpetratorHasAccess: true }), {
        sameChildContacts: [earlier('a', 1, ['sexual_abuse_disclosure'])],
      });
      expect(decision.priority).toBe('SAME_DAY');
    });

    it('is SAME_DAY at level 3 for a child under one, with the reason under_one', () => {
      const decision = decide(
        contact(['self_harm'], { child: { lastName: 'X', firstName: 'Y', dateOfBirth: '2025-11-19' } }),
      );
      expect(decision).toMatchObject({ priority: 'SAME_DAY', dueAt: '2026-11-18T16:00:00.000Z' });
      expect(codes(decision)).toContain('under_one');
    });

    it('takes age on the London date of receipt', () => {
      const child = { lastName: 'X', firstName: 'Y', dateOfBirth: '2025-07-02' };
      // 23:30 UTC on 1 July is 00:30 on 2 July in London: the first birthday.
      expect(decide(contact(['self_harm'], { child, receivedAt: '2026-07-01T23:30:00Z' })).priority).toBe(
        'ONE_WORKING_DAY',
      );
      expect(decide(contact(['self_harm'], { child, receivedAt: '2026-07-01T22:30:00Z' })).priority).toBe(
        'SAME_DAY',
      );
    });

    it('does not use under_one at other levels', () => {
      const child = { lastName: 'X', expectedDateOfBirth: '2027-02-01' };
      const two = decide(contact(['bereavement'], { child }));
      expect(two.priority).toBe('THREE_WORKING_DAYS');
      const four = decide(contact(['neglect_severe'], { child }));
      expect(four.priority).toBe('SAME_DAY');
      expect(codes(four)).not.toContain('under_one');
    });
  });

  describe('strategy discussion', () => {
    it.each([
      ['sexual_abuse_suspected', true],
      ['physical_abuse_injury', true],
      ['fabricated_illness_suspected', true],
      ['fgm_known_or_risk', true],
      ['neglect_severe', false],
      ['exploitation_cse_cce', false],
    ])('%s: %s', (indicator, expected) => {
      expect(decide(contact([indicator])).strategyDiscussion).toBe(expected);
    });

    it('is held for any IMMEDIATE contact', () => {
      expect(decide(contact(['child_abandoned_or_left_alone'])).strategyDiscussion).toBe(true);
    });
  });

  describe('route and team', () => {
    it('sends an open case to the team holding it, keeping the computed priority', () => {
      const decision = decide(contact(['physical_abuse_injury']), { openCase: { team: 'ASSESSMENT_EAST' } });
      expect(decision).toMatchObject({ needLevel: 4, route: 'ALLOCATED_TEAM', team: 'ASSESSMENT_EAST' });
      expect(decision.priority).toBe('SAME_DAY');
      expect(codes(decision)).toEqual(['indicator:physical_abuse_injury', 'open_case']);
      const low = decide(contact(['bereavement'], { consent: 'not_asked' }), {
        openCase: { team: 'ASSESSMENT' },
      });
      expect(low).toMatchObject({
        route: 'ALLOCATED_TEAM',
        priority: 'THREE_WORKING_DAYS',
        consentRequired: false,
      });
    });

    it('keeps level 4 with the assessment team for a child out of area', () => {
      const decision = decide(
        contact(['neglect_severe'], {
          child: { lastName: 'X', firstName: 'Y', dateOfBirth: '2015-01-01', postcode: 'SN1 1AA' },
        }),
      );
      expect(decision).toMatchObject({
        route: 'STATUTORY_ASSESSMENT',
        team: 'ASSESSMENT',
        locality: 'OUT_OF_AREA',
      });
      expect(codes(decision)).toEqual(['indicator:neglect_severe']);
    });

    it('transfers levels 1 to 3 out of area, before any consent rule', () => {
      const child = { lastName: 'X', firstName: 'Y', dateOfBirth: '2015-01-01', postcode: 'RG1 1AA' };
      const decision = decide(contact(['self_harm'], { child, consent: 'refused' }));
      expect(decision).toMatchObject({ route: 'TRANSFER_OUT', team: null, locality: 'OUT_OF_AREA' });
      expect(codes(decision)).toEqual(['indicator:self_harm', 'out_of_area']);
      expect(decide(contact([], { child, consent: 'not_asked' })).consentRequired).toBe(false);
    });

    it('sends a refusal of consent at levels 2 and 3 to duty review', () => {
      for (const indicator of ['bereavement', 'self_harm']) {
        const decision = decide(contact([indicator], { consent: 'refused' }));
        expect(decision).toMatchObject({ route: 'DUTY_REVIEW', team: 'DUTY', consentRequired: false });
        expect(codes(decision)).toContain('consent_refused');
      }
    });

    it('ignores consent at levels 1 and 4', () => {
      expect(decide(contact([], { consent: 'refused' }))).toMatchObject({
        route: 'LOCALITY_ADVICE',
        consentRequired: false,
      });
      expect(decide(contact(['neglect_severe'], { consent: 'refused' })).route).toBe('STATUTORY_ASSESSMENT');
      expect(decide(contact([], { consent: 'not_asked' })).consentRequired).toBe(false);
      expect(decide(contact(['neglect_severe'], { consent: 'not_asked' })).consentRequired).toBe(false);
    });

    it('asks for consent not yet asked at levels 2 and 3, keeping the route', () => {
      const decision = decide(contact(['bereavement'], { consent: 'not_asked' }));
      expect(decision).toMatchObject({
        route: 'LOCALITY_EARLY_HELP',
        team: 'LOCALITY_NORTH',
        consentRequired: true,
      });
      expect(codes(decision)).toEqual(['indicator:bereavement']);
    });

    it('sends a child with no postcode to the duty team, with locality_unknown', () => {
      const child = { lastName: 'X', firstName: 'Y', dateOfBirth: '2015-01-01' };
      const decision = decide(contact(['bereavement'], { child, consent: 'not_asked' }));
      expect(decision).toMatchObject({
        route: 'LOCALITY_EARLY_HELP',
        team: 'DUTY',
        locality: 'UNKNOWN',
        consentRequired: true,
      });
      expect(codes(decision)).toEqual(['indicator:bereavement', 'locality_unknown']);
      const four = decide(contact(['neglect_severe'], { child }));
      expect(four).toMatchObject({ team: 'ASSESSMENT', locality: 'UNKNOWN' });
      expect(codes(four)).toEqual(['indicator:neglect_severe']);
    });

    it('routes each level to its team in each locality', () => {
      const at = (postcode: string, indicators: string[]) =>
        decide(
          contact(indicators, {
            child: { lastName: 'X', firstName: 'Y', dateOfBirth: '2015-01-01', postcode },
          }),
        );
      expect(at('OX4 2JY', [])).toMatchObject({ route: 'LOCALITY_ADVICE', team: 'LOCALITY_CITY' });
      expect(at('OX28 6BN', ['bereavement'])).toMatchObject({
        route: 'LOCALITY_EARLY_HELP',
        team: 'LOCALITY_WEST',
      });
      expect(at('RG9 1AA', ['self_harm'])).toMatchObject({
        route: 'FAMILY_SUPPORT',
        team: 'FAMILY_SUPPORT_SOUTH',
      });
    });
  });

  describe('input the criteria refuse', () => {
    it('names an unknown indicator by its path', () => {
      expect(() => decide(contact(['bereavement', 'not_a_code']))).toThrow(CriteriaInputError);
      try {
        decide(contact(['bereavement']), { sameChildContacts: [earlier('a', 1, ['nope'])] });
        throw new Error('expected a CriteriaInputError');
      } catch (error) {
        expect((error as CriteriaInputError).faults).toEqual([
          {
            path: 'sameChildContacts[0].indicators[0]',
            message: 'is not an indicator of criteria 2026-1: "nope"',
          },
        ]);
      }
    });

    it('refuses a postcode that is not normalised, and a time that is not an instant', () => {
      expect(() => decide(contact([], { child: { lastName: 'X', postcode: 'ox16 1aa' } }))).toThrow(
        /contact.child.postcode/,
      );
      expect(() => decide(contact([], { receivedAt: 'yesterday' }))).toThrow(/contact.receivedAt/);
    });

    it('names the field at fault without its value (errors reach logs and dead-letter headers)', () => {
      const faults = [
        () => decide(contact([], { child: { lastName: 'X', postcode: 'ox16 1aa' } })),
        () => decide(contact([], { receivedAt: 'Nowak, born on the fifth' })),
      ];
      for (const fault of faults) {
        try {
          fault();
          throw new Error('expected a CriteriaInputError');
        } catch (e) {
          expect((e as Error).message).toMatch(/contact\.(child.postcode|receivedAt): is not/);
          expect((e as Error).message).not.toMatch(/ox16|Nowak/);
        }
      }
    });
  });

  it('records the criteria version', () => {
    expect(decide(contact([])).criteriaVersion).toBe('2026-1');
  });
});

describe('localityOf', () => {
  it.each([
    ['OX1 1AA', 'CITY'],
    ['OX44 9ZZ', 'CITY'],
    ['OX16 1AA', 'NORTH'],
    ['SN7 7AA', 'WEST'],
    ['RG9 2AB', 'SOUTH'],
    ['OX6 1AA', 'OUT_OF_AREA'],
    ['SN1 1AA', 'OUT_OF_AREA'],
    ['M1 1AE', 'OUT_OF_AREA'],
  ])('%s is %s', (postcode, locality) => {
    expect(localityOf(postcode, criteria)).toBe(locality);
  });

  it('is UNKNOWN without a postcode', () => {
    expect(localityOf(undefined, criteria)).toBe('UNKNOWN');
  });

  it('refuses a malformed postcode', () => {
    expect(() => localityOf('OX16', criteria)).toThrow(CriteriaInputError);
  });
});
