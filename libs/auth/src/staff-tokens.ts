import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type Redis from 'ioredis';
import { StaffRole } from './roles';

export interface StaffPrincipal {
  userId: string;
  username: string;
  role: StaffRole;
  tokenId: string;
  expiresAt: number;
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/**
 * Short-lived staff access tokens: JWTs signed with HS256. Logout puts the token's id on a deny-list in
 * Redis until the token would have expired anyway.
 */
export class StaffTokens {
  constructor(
    private readonly secret: string,
    private readonly ttlSeconds: number,
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  issue(user: { id: string; username: string; role: StaffRole }, now = Date.now()): string {
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    const body = b64({ sub: user.id, name: user.username, role: user.role, jti: randomUUID(), exp });
    return `${header}.${body}.${this.sign(`${header}.${body}`)}`;
  }

  /** The principal for a valid, unexpired, not-logged-out token; null otherwise. */
  async verify(token: string, now = Date.now()): Promise<StaffPrincipal | null> {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    let claims: { sub: string; name: string; role: StaffRole; jti: string; exp: number };
    try {
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    if (claims.exp * 1000 <= now) return null;
    if (await this.redis.exists(this.denyKey(claims.jti))) return null;
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

  private denyKey(jti: string): string {
    return `${this.prefix}:staff-token-denied:${jti}`;
  }

  private sign(data: string): string {
    return createHmac('sha256', this.secret).update(data).digest('base64url');
  }
}
