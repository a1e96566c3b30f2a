import { WorkingCalendar } from '@app/criteria';
import { gatekeep, GatekeepingInput, londonDay, withinDaysBefore } from './gatekeeping';
import { PlacementEvidence } from './placement-vocabulary';

// Received Monday 2026-11-23 10:00 London (GMT). Bank holidays: 2026-12-25, 2026-12-28.
const RECEIVED = new Date('2026-11-23T10:00:00Z');
const calendar = new WorkingCalendar(['2026-12-25', '2026-12-28']);

/** Evidence that passes every check on RECEIVED. */
const complete = (): PlacementEvidence => ({
  familyGroupConference: { status: 'held', date: '2026-10-02' },
  kinshipAssessment: { status: 'no_viable_carer', date: '2026-10-20' },
  familySupport: { status: 'provided', service: 'FAMILY_SUPPORT_CITY', from: '2026-06-01', to: '2026-10-31' },
  inHouseFosterSearch: { status: 'no_match', date: '2026-11-01' },
});

const nothing = (): PlacementEvidence => ({
  familyGroupConference: { status: 'not_offered' },
  kinshipAssessment: { status: 'not_explored' },
  familySupport: { status: 'not_provided' },
  inHouseFosterSearch: { status: 'not_done' },
});

const input = (
  over: Partial<GatekeepingInput> & { ev?: Partial<PlacementEvidence> } = {},
): GatekeepingInput => {
  const { ev, ...rest } = over;
  return {
    placementType: 'ifa_foster',
    legalBasis: 's20',
    emergency: false,
    evidence: { ...complete(), ...ev },
    receivedAt: RECEIVED,
    openImmediateLevel4: false,
    ...rest,
  };
};

describe('gatekeeping (placement-gatekeeping.md 2026-1)', () => {
  describe('dates against the receipt day', () => {
    it.each([
      ['2026-11-23', 0, true],
      ['2026-11-22', 1, true],
      ['2026-11-22', 0, false],
      ['2026-11-24', 30, false],
      [undefined, 30, false],
    ])('%s within %i days before 2026-11-23: %s', (date, days, expected) => {
      expect(withinDaysBefore(date, '2026-11-23', days)).toBe(expected);
    });

    it('counts the day in Europe/London (00:30 BST on 1 June is 1 June)', () => {
      expect(londonDay(new Date('2026-05-31T23:30:00Z'))).toBe('2026-06-01');
    });
  });

  describe('fgc_missing: held or declined_by_family within the 183 days before (every type)', () => {
    it.each<[string, PlacementEvidence['familyGroupConference'], boolean]>([
      ['held 183 days before', { status: 'held', date: '2026-05-24' }, true],
      ['held 184 days before', { status: 'held', date: '2026-05-23' }, false],
      ['declined by family yesterday', { status: 'declined_by_family', date: '2026-11-22' }, true],
      ['declined by family 200 days before', { status: 'declined_by_family', date: '2026-05-07' }, false],
      ['not offered', { status: 'not_offered' }, false],
      ['held on the day of the request', { status: 'held', date: '2026-11-23' }, true],
    ])('%s: passes=%s', (_, fgc, passes) => {
      for (const placementType of ['ifa_foster', 'kinship', 'secure'] as const) {
        const r = gatekeep(input({ placementType, ev: { familyGroupConference: fgc } }), calendar);
        expect(r.failedChecks.includes('fgc_missing')).toBe(!passes);
      }
    });
  });

  describe('kinship_not_explored (every type but kinship)', () => {
    it.each<[string, PlacementEvidence['kinshipAssessment'], string, boolean]>([
      [
        'no viable carer 365 days before',
        { status: 'no_viable_carer', date: '2025-11-23' },
        'ifa_foster',
        true,
      ],
      [
        'no viable carer 366 days before',
        { status: 'no_viable_carer', date: '2025-11-22' },
        'ifa_foster',
        false,
      ],
      ['not explored', { status: 'not_explored' }, 'residential', false],
      [
        'viable carer found, type not kinship',
        { status: 'viable_carer_found', date: '2026-11-01' },
        'in_house_foster',
        false,
      ],
      [
        'viable carer found, kinship placement',
        { status: 'viable_carer_found', date: '2026-11-01' },
        'kinship',
        true,
      ],
      ['not explored, kinship placement (does not apply)', { status: 'not_explored' }, 'kinship', true],
    ])('%s (%s): passes=%s', (_, kin, placementType, passes) => {
      const r = gatekeep(
        input({ placementType: placementType as never, ev: { kinshipAssessment: kin } }),
        calendar,
      );
      expect(r.failedChecks.includes('kinship_not_explored')).toBe(!passes);
    });
  });

  describe('family_support_not_tried (every type but kinship)', () => {
    it.each<[string, PlacementEvidence['familySupport'], boolean, string, boolean]>([
      [
        'provided, ended 365 days before',
        { status: 'provided', from: '2025-01-01', to: '2025-11-23' },
        false,
        'ifa_foster',
        true,
      ],
      [
        'provided, ended 366 days before',
        { status: 'provided', from: '2025-01-01', to: '2025-11-22' },
        false,
        'ifa_foster',
        false,
      ],
      [
        'provided, still going on (no end)',
        { status: 'provided', from: '2026-09-01' },
        false,
        'ifa_foster',
        true,
      ],
      [
        'provided, ends after the request',
        { status: 'provided', from: '2026-09-01', to: '2027-01-31' },
        false,
        'ifa_foster',
        true,
      ],
      ['declined 100 days before', { status: 'declined', date: '2026-08-15' }, false, 'residential', true],
      ['declined 400 days before', { status: 'declined', date: '2025-10-19' }, false, 'residential', false],
      ['not provided', { status: 'not_provided' }, false, 'secure', false],
      [
        'not provided, open level-4 IMMEDIATE decision in the 30 days before',
        { status: 'not_provided' },
        true,
        'secure',
        true,
      ],
      [
        'not provided, kinship placement (does not apply)',
        { status: 'not_provided' },
        false,
        'kinship',
        true,
      ],
    ])('%s: passes=%s', (_, support, openImmediateLevel4, placementType, passes) => {
      const r = gatekeep(
        input({ placementType: placementType as never, openImmediateLevel4, ev: { familySupport: support } }),
        calendar,
      );
      expect(r.failedChecks.includes('family_support_not_tried')).toBe(!passes);
    });
  });

  describe('in_house_search_missing (ifa_foster and residential only)', () => {
    it.each<[string, PlacementEvidence['inHouseFosterSearch'], string, boolean]>([
      ['no match 30 days before', { status: 'no_match', date: '2026-10-24' }, 'ifa_foster', true],
      ['no match 31 days before', { status: 'no_match', date: '2026-10-23' }, 'ifa_foster', false],
      ['not done', { status: 'not_done' }, 'residential', false],
      [
        'not done, in-house foster placement (does not apply)',
        { status: 'not_done' },
        'in_house_foster',
        true,
      ],
      ['not done, kinship (does not apply)', { status: 'not_done' }, 'kinship', true],
      ['not done, parent and child (does not apply)', { status: 'not_done' }, 'parent_and_child', true],
      ['not done, secure (does not apply)', { status: 'not_done' }, 'secure', true],
    ])('%s (%s): passes=%s', (_, search, placementType, passes) => {
      const r = gatekeep(
        input({ placementType: placementType as never, ev: { inHouseFosterSearch: search } }),
        calendar,
      );
      expect(r.failedChecks.includes('in_house_search_missing')).toBe(!passes);
    });
  });

  describe('outcomes', () => {
    it('every check passed and not an emergency: CLEARED, no review', () => {
      expect(gatekeep(input(), calendar)).toMatchObject({
        outcome: 'CLEARED',
        failedChecks: [],
        reviewDueAt: null,
      });
    });

    it('nothing done: HELD_FOR_PANEL naming every failed check in the order of the table', () => {
      const r = gatekeep(input({ evidence: nothing() }), calendar);
      expect(r.outcome).toBe('HELD_FOR_PANEL');
      expect(r.failedChecks).toEqual([
        'fgc_missing',
        'kinship_not_explored',
        'family_support_not_tried',
        'in_house_search_missing',
      ]);
      expect(r.reviewDueAt).toBeNull();
    });

    it('kinship placement with nothing done fails only fgc_missing', () => {
      const r = gatekeep(input({ placementType: 'kinship', evidence: nothing() }), calendar);
      expect(r).toMatchObject({ outcome: 'HELD_FOR_PANEL', failedChecks: ['fgc_missing'] });
    });

    it.each([
      ['emergency: true', { emergency: true }],
      ['police protection', { legalBasis: 'police_protection' as const }],
      ['emergency protection order', { legalBasis: 'epo' as const }],
    ])('%s: RETROSPECTIVE_REVIEW naming every failed check, review due 3 working days on', (_, over) => {
      const r = gatekeep(input({ ...over, evidence: nothing(), placementType: 'in_house_foster' }), calendar);
      expect(r.outcome).toBe('RETROSPECTIVE_REVIEW');
      expect(r.failedChecks).toEqual(['fgc_missing', 'kinship_not_explored', 'family_support_not_tried']);
      expect(r.reviewDueAt!.toISOString()).toBe('2026-11-26T10:00:00.000Z');
    });

    it('an emergency with every check passed is still a retrospective review (with no failed checks)', () => {
      const r = gatekeep(input({ emergency: true }), calendar);
      expect(r).toMatchObject({ outcome: 'RETROSPECTIVE_REVIEW', failedChecks: [] });
    });

    it.each([['ico'], ['care_order'], ['remand'], ['s20']])(
      'legal basis %s alone is not an emergency',
      (legalBasis) => {
        const r = gatekeep(input({ legalBasis: legalBasis as never, evidence: nothing() }), calendar);
        expect(r.outcome).toBe('HELD_FOR_PANEL');
      },
    );

    it('the review skips weekends and bank holidays (Thursday 24 Dec: due Thursday 31 Dec)', () => {
      const r = gatekeep(input({ emergency: true, receivedAt: new Date('2026-12-24T15:00:00Z') }), calendar);
      expect(r.reviewDueAt!.toISOString()).toBe('2026-12-31T15:00:00.000Z');
    });

    it('stale evidence, judged at the receipt time, holds the request', () => {
      const r = gatekeep(input({ receivedAt: new Date('2027-06-01T10:00:00Z') }), calendar);
      expect(r).toMatchObject({
        outcome: 'HELD_FOR_PANEL',
        failedChecks: ['fgc_missing', 'in_house_search_missing'],
      });
    });
  });
});
