import { hashPassword, verifyPassword } from './password-hash';

jest.setTimeout(60_000); // scrypt at OWASP's cost takes a few hundred ms, seconds on a loaded machine

describe('password hashing (scrypt)', () => {
  const fast = { N: 2 ** 10, r: 8, p: 1 };

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$/);
    await expect(verifyPassword('correct horse battery', stored)).resolves.toBe(true);
    await expect(verifyPassword('correct horse batterY', stored)).resolves.toBe(false);
  });

  it('salts each hash, so one password hashes differently twice', async () => {
    const a = await hashPassword('same password here', fast);
    const b = await hashPassword('same password here', fast);
    expect(a).not.toBe(b);
  });

  it("uses OWASP's current cost (N = 2^17, r = 8, p = 1)", async () => {
    const stored = await hashPassword('default parameters');
    expect(stored.split('$').slice(0, 4)).toEqual(['scrypt', '131072', '8', '1']);
    await expect(verifyPassword('default parameters', stored)).resolves.toBe(true);
  });

  it('still verifies hashes stored at the earlier cost (N = 2^15)', async () => {
    const old = await hashPassword('an older password', { N: 2 ** 15, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('an older password', old)).resolves.toBe(true);
    await expect(verifyPassword('an older passworD', old)).resolves.toBe(false);
  });

  it('refuses a malformed stored hash', async () => {
    await expect(verifyPassword('x', 'plain-text')).resolves.toBe(false);
  });
});
