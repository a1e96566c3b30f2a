import { randomBytes, scrypt, ScryptOptions, timingSafeEqual } from 'node:crypto';

/**
 * Staff passwords are hashed with scrypt (memory-hard) and a random salt per user. The parameters are
 * stored with the hash (`scrypt$N$r$p$salt$hash`), so they can be raised later without breaking old hashes.
 */
/** OWASP's current scrypt cost (Password Storage Cheat Sheet): N = 2^17, r = 8, p = 1. Older hashes keep theirs. */
export const SCRYPT_COST = { N: 2 ** 17, r: 8, p: 1 };
const DEFAULT = SCRYPT_COST;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

export async function hashPassword(password: string, params = DEFAULT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  // Parameters come from our own table, but a bad row must not make one login allocate gigabytes.
  if (!(+N >= 2 && +N <= 2 ** 20 && +r >= 1 && +r <= 32 && +p >= 1 && +p <= 16)) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: +N, r: +r, p: +p });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A stored hash of a random password: checked against when the username is unknown, to even out timing. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword(randomBytes(16).toString('hex')));

export const MIN_PASSWORD_LENGTH = 10;
