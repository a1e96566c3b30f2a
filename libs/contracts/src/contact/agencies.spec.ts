// Tests for libs/contracts/src/agencies.ts, kept here with the rest of the contact contract's tests.
import {
  CIN_CODE_BY_AGENCY,
  cinCodeOf,
  isOrganisationRequired,
  isReferrerRequired,
  isSourceAgency,
  SOURCE_AGENCIES,
  SOURCE_GROUP_CIN_CODES,
  SOURCE_GROUPS,
  sourceGroupOf,
  type SourceAgency,
} from '../agencies';

// The table of contact-api.md, copied by hand.
const CONTRACT_TABLE: [SourceAgency, string][] = [
  ['family_member', '1A'],
  ['acquaintance', '1B'],
  ['self', '1C'],
  ['individual', '1D'],
  ['school', '2A'],
  ['education_service', '2B'],
  ['health_gp', '3A'],
  ['health_visitor', '3B'],
  ['school_nurse', '3C'],
  ['health_other_primary', '3D'],
  ['health_ae', '3E'],
  ['health_other', '3F'],
  ['housing', '4'],
  ['la_social_care', '5A'],
  ['la_other_internal', '5B'],
  ['la_external', '5C'],
  ['early_help', '5D'],
  ['police', '6'],
  ['legal_agency', '7'],
  ['other', '8'],
  ['anonymous', '9'],
  ['unknown', '10'],
];

describe('source agencies', () => {
  it('has exactly the contract table', () => {
    expect(SOURCE_AGENCIES).toEqual(CONTRACT_TABLE.map(([agency]) => agency));
    for (const [agency, code] of CONTRACT_TABLE) expect(cinCodeOf(agency)).toBe(code);
  });

  it.each([
    ['family_member', 'individuals'],
    ['individual', 'individuals'],
    ['anonymous', 'individuals'],
    ['school', 'schools'],
    ['education_service', 'schools'],
    ['health_gp', 'health'],
    ['health_ae', 'health'],
    ['health_other', 'health'],
    ['police', 'police'],
    ['housing', 'council_other'],
    ['la_social_care', 'council_other'],
    ['early_help', 'council_other'],
    ['legal_agency', 'council_other'],
    ['other', 'council_other'],
    ['unknown', 'council_other'],
  ] as const)('%s is in dashboard group %s', (agency, group) => {
    expect(sourceGroupOf(agency)).toBe(group);
  });

  it('puts every CIN code in exactly one group', () => {
    const grouped = SOURCE_GROUPS.flatMap((g) => [...SOURCE_GROUP_CIN_CODES[g]]).sort();
    expect(grouped).toEqual(Object.values(CIN_CODE_BY_AGENCY).sort());
    for (const agency of SOURCE_AGENCIES) expect(() => sourceGroupOf(agency)).not.toThrow();
  });

  it('knows which agencies need an organisation and a referrer', () => {
    const orgOptional = SOURCE_AGENCIES.filter((a) => !isOrganisationRequired(a));
    expect(orgOptional.sort()).toEqual(['acquaintance', 'anonymous', 'family_member', 'individual', 'self']);
    expect(SOURCE_AGENCIES.filter((a) => !isReferrerRequired(a))).toEqual(['anonymous']);
  });

  it.each([
    ['police', true],
    ['Police', false],
    ['toString', false],
    ['constructor', false],
    [6, false],
    [undefined, false],
  ])('isSourceAgency(%j) is %s', (value, expected) => {
    expect(isSourceAgency(value)).toBe(expected);
  });
});
