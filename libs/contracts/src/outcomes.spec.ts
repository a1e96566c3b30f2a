import { partnerResponse } from './outcomes';

describe('partnerResponse (contact-api.md, "Reading a contact")', () => {
  it.each([
    ['LOCALITY_ADVICE', 'advice_and_signposting'],
    ['LOCALITY_EARLY_HELP', 'early_help'],
    ['FAMILY_SUPPORT', 'family_support'],
    ['STATUTORY_ASSESSMENT', 'social_care_assessment'],
    ['ALLOCATED_TEAM', 'social_care_assessment'],
    ['TRANSFER_OUT', 'passed_to_home_authority'],
  ])('final route %s is told as %s', (route, response) => {
    expect(partnerResponse(route, null)).toBe(response);
  });

  it('no further action wins over the route', () => {
    expect(partnerResponse('STATUTORY_ASSESSMENT', { noFurtherAction: true })).toBe('no_further_action');
  });

  it('nothing until a duty worker decides, and nothing for DUTY_REVIEW', () => {
    expect(partnerResponse(null, null)).toBeNull();
    expect(partnerResponse('DUTY_REVIEW', null)).toBeNull();
  });

  it('a contact closed while still DUTY_REVIEW is told what its close outcome means', () => {
    expect(partnerResponse('DUTY_REVIEW', { noFurtherAction: false, outcome: 'EARLY_HELP' })).toBe(
      'early_help',
    );
    expect(partnerResponse('DUTY_REVIEW', { noFurtherAction: false, outcome: 'STRATEGY_DISCUSSION' })).toBe(
      'social_care_assessment',
    );
    expect(partnerResponse('DUTY_REVIEW', { noFurtherAction: false })).toBeNull();
  });
});
