import { referralOutcomes } from '../referrals/referral-codes';

describe('referralOutcomes (REFERRAL_OUTCOMES, statutory-returns.md): one reading for the returns and the figures', () => {
  it('reads the default and a county list, once each', () => {
    expect([...referralOutcomes('STATUTORY_ASSESSMENT,STRATEGY_DISCUSSION,FAMILY_SUPPORT')]).toEqual([
      'STATUTORY_ASSESSMENT',
      'STRATEGY_DISCUSSION',
      'FAMILY_SUPPORT',
    ]);
    expect([...referralOutcomes(' EARLY_HELP , STATUTORY_ASSESSMENT,EARLY_HELP')]).toEqual([
      'EARLY_HELP',
      'STATUTORY_ASSESSMENT',
    ]);
  });
});
