import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

describe('NHS number (Modulus 11)', () => {
  it.each([
    ['9434765919', 'known good'],
    ['4010232137', 'known good'],
    ['943 476 5919', 'spaces are removed'],
    [' 9434765919 ', 'leading and trailing spaces are removed'],
    ['0000011010', 'weights 5+4+2 = 11: 11 - 0 = 11, which reads 0'],
    ['0000000000', 'sum 0: 11 reads 0'],
  ])('accepts %s (%s)', (value) => {
    expect(isValidNhsNumber(value)).toBe(true);
  });

  it.each([
    ['9434765918', 'wrong check digit'],
    ['4010232138', 'wrong check digit'],
    ['0000000060', '6 x 2 = 12: 11 - 1 = 10, never valid'],
    ['0000000069', 'check 10 is never valid whatever the tenth digit'],
    ['943476591', 'nine digits'],
    ['94347659190', 'eleven digits'],
    ['943-476-5919', 'only spaces are removed'],
    ['943476591A', 'not a digit'],
    ['', 'empty'],
  ])('refuses %s (%s)', (value) => {
    expect(isValidNhsNumber(value)).toBe(false);
  });

  it('normalises by removing spaces only', () => {
    expect(normaliseNhsNumber('943 476 5919')).toBe('9434765919');
    expect(normaliseNhsNumber('943-476')).toBe('943-476');
  });
});
