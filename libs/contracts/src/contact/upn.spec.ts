import { isValidUpn, upnCheckLetter, UPN_CHECK_LETTERS } from './upn';

/** An independent reading of the DfE rule, to check the implementation against. */
function referenceCheckLetter(body: string): string {
  const sum = [...body].reduce((acc, char, i) => {
    const value = /\d/.test(char) ? Number(char) : 'ABCDEFGHJKLMNPQRTUVWXYZ'.indexOf(char);
    return acc + value * (i + 2);
  }, 0);
  return 'ABCDEFGHJKLMNPQRTUVWXYZ'[sum % 23];
}

describe('UPN check letter', () => {
  it('the spec example A123456789012 is valid: 1x2 + 2x3 + ... + 2x13 = 368 = 16 x 23, remainder 0 -> A', () => {
    expect(upnCheckLetter('123456789012')).toBe('A');
    expect(isValidUpn('A123456789012')).toBe(true);
  });

  it.each([
    ['P000000000001', '1 x 13 = 13 -> P (index 13)'],
    ['L00000000000Z', 'temporary: Z is index 22, 22 x 13 = 286, 286 mod 23 = 10 -> L'],
    ['A000000000000', 'sum 0 -> A'],
  ])('hand-computed %s is valid (%s)', (upn) => {
    expect(isValidUpn(upn)).toBe(true);
  });

  it.each(['201204567891', '938201100453', '00000000000A', '12345678901T'])(
    'agrees with a reference computation for %s',
    (body) => {
      const upn = referenceCheckLetter(body) + body;
      expect(upnCheckLetter(body)).toBe(upn[0]);
      expect(isValidUpn(upn)).toBe(true);
    },
  );

  it.each([
    ['B123456789012', 'wrong check letter'],
    ['A12345678901', '12 characters'],
    ['A1234567890123', '14 characters'],
    ['a123456789012', 'lower case'],
    ['I123456789012', 'I is not in the check alphabet'],
    ['A12345678901I', 'I is not a temporary-UPN letter'],
    ['A1234567890A2', 'a letter only in position 13'],
    ['1123456789012', 'first character must be a letter'],
    ['', 'empty'],
  ])('refuses %s (%s)', (upn) => {
    expect(isValidUpn(upn)).toBe(false);
  });

  it('has the 23-letter alphabet without I, O and S', () => {
    expect(UPN_CHECK_LETTERS).toHaveLength(23);
    expect(UPN_CHECK_LETTERS).not.toMatch(/[IOS]/);
  });
});
