import { referralOutcomesOf } from './partner-figures';

describe('referralOutcomesOf (REFERRAL_OUTCOMES, statutory-returns.md)', () => {
  it('reads the default and a county list, keeping only close outcomes, once each', () => {
    expect(referralOutcomesOf('STATUTORY_ASSESSMENT,STRATEGY_DISCUSSION,FAMILY_SUPPORT')).toEqual([
      'STATUTORY_ASSESSMENT',
      'STRATEGY_DISCUSSION',
      'FAMILY_SUPPORT',
    ]);
    expect(referralOutcomesOf(' EARLY_HELP , STATUTORY_ASSESSMENT,EARLY_HELP,NOT_AN_OUTCOME')).toEqual([
      'EARLY_HELP',
      'STATUTORY_ASSESSMENT',
    ]);
  });
});
