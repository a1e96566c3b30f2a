import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import { STAFF_ROLES, StaffRole } from './roles';

export interface StaffPrincipal {
  userId: string;
  username: string;
  role: StaffRole;
  tokenId: string;
  expiresAt: number;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

interface Claims {
  sub: string;
  name: string;
  role: StaffRole;
  jti: string;
  /** Seconds, with milliseconds as a fraction (RFC 7519 NumericDate may be non-integer). */
  iat: number;
  exp: number;
}

/**
 * Short-lived staff access tokens: JWTs signed with HS256 under the installation's generated secret.
 * A token is refused unless its header says HS256 and it carries `exp`, `iat` and `jti`. Logout puts the
 * token's id on a deny-list in Redis; disabling a user or changing a password sets the user's "not before"
 * in Redis, which refuses every token issued before it. Both are read in one Redis round trip per call, so
 * verify is cheap enough for every request and for re-checking a live stream every second.
 */
export class StaffTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    if (!secret || secret.length < 32)
      throw new Error('StaffTokens: the signing secret must be 32+ characters');
  }

  issue(user: { id: string; username: string; role: StaffRole }, now = Date.now()): string {
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    const body = b64({
      sub: user.id,
      name: user.username,
      role: user.role,
      jti: randomUUID(),
      iat: now / 1000,
      exp,
    });
    return `${header}.${body}.${this.sign(`${header}.${body}`)}`;
  }

  /** The principal for a valid, unexpired, not-logged-out, not-superseded token; null otherwise. */
  async verify(token: string, now = Date.now()): Promise<StaffPrincipal | null> {
    if (typeof token !== 'string' || token.length > 4096) return null;
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let header: { alg?: unknown };
    let claims: Claims;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (header?.alg !== 'HS256' || !wellFormed(claims)) return null;
    if (claims.exp * 1000 <= now) return null;
    const [denied, notBefore] = await this.redis.mget(
      this.denyKey(claims.jti),
      this.notBeforeKey(claims.sub),
    );
    if (denied) return null;
    if (notBefore && Math.round(claims.iat * 1000) < Number(notBefore)) return null;
    return {
      userId: claims.sub,
      username: claims.name,
      role: claims.role,
      tokenId: claims.jti,
      expiresAt: claims.exp * 1000,
    };
  }

  async revoke(principal: StaffPrincipal, now = Date.now()): Promise<void> {
    const ttl = Math.max(1, Math.ceil((principal.expiresAt - now) / 1000));
    await this.redis.set(this.denyKey(principal.tokenId), '1', 'EX', ttl);
  }

  /**
   * Ends every token of a user issued before now (a password change or a disabled account). Kept for as
   * long as a token could live; a disabled user cannot log in again, so nothing later needs refusing.
   */
  async revokeUser(userId: string, now = Date.now()): Promise<void> {
    await this.redis.set(this.notBeforeKey(userId), String(now), 'EX', this.ttlSeconds + 60);
  }

  private denyKey(jti: string): string {
    return `${this.prefix}:staff-token-denied:${jti}`;
  }

  private notBeforeKey(userId: string): string {
    return `${this.prefix}:staff-tokens-not-before:${userId}`;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}

function wellFormed(c: Claims): boolean {
  return (
    !!c &&
    typeof c === 'object' &&
    typeof c.sub === 'string' &&
    typeof c.name === 'string' &&
    typeof c.jti === 'string' &&
    c.jti.length > 0 &&
    typeof c.exp === 'number' &&
    Number.isFinite(c.exp) &&
    typeof c.iat === 'number' &&
    Number.isFinite(c.iat) &&
    STAFF_ROLES.includes(c.role)
  );
}
