import { DutyDecisionFact, partnerOutcomeOf } from './partner-outcome';

const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 10, min));
const d = (
  kind: DutyDecisionFact['kind'],
  route: string,
  min: number,
  close: Partial<DutyDecisionFact> = {},
) =>
  ({
    kind,
    route,
    team: route === 'DUTY_REVIEW' ? 'DUTY' : 'LOCALITY_NORTH',
    outcome: null,
    cinNoFurtherAction: null,
    createdAt: at(min),
    ...close,
  }) as DutyDecisionFact;

describe('partnerOutcomeOf (the partner view and the feedback webhook)', () => {
  it('is null until a duty worker decides, and for DUTY_REVIEW', () => {
    expect(partnerOutcomeOf([])).toBeNull();
    expect(partnerOutcomeOf([d('confirm', 'DUTY_REVIEW', 1)])).toBeNull();
  });

  it('gives the response of the confirmed route, decided when confirmed', () => {
    expect(partnerOutcomeOf([d('confirm', 'LOCALITY_EARLY_HELP', 2)])).toEqual({
      decidedAt: at(2).toISOString(),
      response: 'early_help',
      team: 'LOCALITY_NORTH',
    });
  });

  it('a close that leaves the response as it was does not move decidedAt', () => {
    const o = partnerOutcomeOf([
      d('confirm', 'STATUTORY_ASSESSMENT', 2),
      d('close', 'STATUTORY_ASSESSMENT', 9, { outcome: 'STATUTORY_ASSESSMENT', cinNoFurtherAction: false }),
    ]);
    expect(o).toEqual({
      decidedAt: at(2).toISOString(),
      response: 'social_care_assessment',
      team: 'LOCALITY_NORTH',
    });
  });

  it('a close with no further action (outcome or CIN flag) changes the response and decidedAt', () => {
    for (const close of [
      { outcome: 'NO_FURTHER_ACTION', cinNoFurtherAction: false },
      { outcome: 'STATUTORY_ASSESSMENT', cinNoFurtherAction: true },
    ])
      expect(
        partnerOutcomeOf([
          d('confirm', 'STATUTORY_ASSESSMENT', 2),
          d('close', 'STATUTORY_ASSESSMENT', 9, close),
        ]),
      ).toEqual({ decidedAt: at(9).toISOString(), response: 'no_further_action', team: 'LOCALITY_NORTH' });
  });

  it('a DUTY_REVIEW contact gets its outcome when it is closed with no further action', () => {
    expect(
      partnerOutcomeOf([
        d('confirm', 'DUTY_REVIEW', 1),
        d('close', 'DUTY_REVIEW', 5, { outcome: 'NO_FURTHER_ACTION', cinNoFurtherAction: true }),
      ]),
    ).toEqual({ decidedAt: at(5).toISOString(), response: 'no_further_action', team: 'DUTY' });
  });
});
