import { isValidPostcode, normalisePostcode, outwardCode, postcodeSector } from './postcode';

describe('UK postcode', () => {
  it.each([
    ['OX16 1AA', 'OX16 1AA'],
    ['ox161aa', 'OX16 1AA'],
    ['  Ox16   1aA ', 'OX16 1AA'],
    ['OX1 2JD', 'OX1 2JD'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['W1A 0AX', 'W1A 0AX'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['SW1A1AA', 'SW1A 1AA'],
    ['RG9 1AA', 'RG9 1AA'],
    ['gir0aa', 'GIR 0AA'],
  ])('accepts %s, normalised to %s', (input, normalised) => {
    expect(isValidPostcode(input)).toBe(true);
    expect(normalisePostcode(input)).toBe(normalised);
  });

  it.each([
    '',
    'OX16',
    'OX16 1A',
    'OX16 1AAA',
    '1X16 1AA',
    'OXX16 1AA',
    'OX16-1AA',
    'OX16 AAA',
    'OX1611AA',
    'GIR 1AA',
  ])('refuses %j', (input) => {
    expect(isValidPostcode(input)).toBe(false);
    expect(() => normalisePostcode(input)).toThrow(/malformed postcode/);
  });

  it.each([
    ['OX16 1AA', 'OX16', 'OX16 1'],
    ['ox44 9zz', 'OX44', 'OX44 9'],
    ['EC1A1BB', 'EC1A', 'EC1A 1'],
    ['M1 1AE', 'M1', 'M1 1'],
  ])('%s has outward code %s and sector %s', (input, outward, sector) => {
    expect(outwardCode(input)).toBe(outward);
    expect(postcodeSector(input)).toBe(sector);
  });
});
