import { createHash, randomBytes } from 'node:crypto';

/** A new partner key: 32 random bytes, shown once. Only its SHA-256 hash is stored. */
export function generatePartnerKey(): { key: string; hash: string; prefix: string } {
  const key = `fdp_${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashPartnerKey(key), prefix: key.slice(0, 10) };
}

/** Keys are long and random, so a fast hash is safe (no dictionary to attack) and keeps auth cheap. */
export function hashPartnerKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
