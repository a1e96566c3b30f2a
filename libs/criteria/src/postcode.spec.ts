import { isOutwardCode, isWellFormedPostcode, normalisePostcode, postcodeDistrict } from './postcode';

describe('postcodes', () => {
  it('normalises case and spacing', () => {
    expect(normalisePostcode('ox161aa')).toBe('OX16 1AA');
    expect(normalisePostcode(' OX16   1AA ')).toBe('OX16 1AA');
    expect(normalisePostcode('sw1a1aa')).toBe('SW1A 1AA');
    expect(normalisePostcode('m11ae')).toBe('M1 1AE');
  });

  it('tells well-formed from malformed postcodes', () => {
    for (const postcode of ['OX16 1AA', 'M1 1AE', 'SW1A 1AA', 'RG9 2AB', 'GIR 0AA']) {
      expect(isWellFormedPostcode(postcode)).toBe(true);
    }
    for (const postcode of ['OX16', 'OX161AA', '16 1AA', 'OX16 AAA', 'OX16 1A1', 'ox16 1aa', '']) {
      expect(isWellFormedPostcode(postcode)).toBe(false);
    }
  });

  it('gives the district (outward code)', () => {
    expect(postcodeDistrict('OX16 1AA')).toBe('OX16');
    expect(isOutwardCode('OX16')).toBe(true);
    expect(isOutwardCode('OX16 1')).toBe(false);
  });
});
