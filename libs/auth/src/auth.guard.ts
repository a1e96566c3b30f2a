import { CanActivate, ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppConfig } from '@app/config';
import { Problem } from '@app/http';
import { AUTH_POLICY, AuthPolicy } from './auth.decorators';
import { hashPartnerKey } from './partner-keys';
import type { PartnerPrincipal, Principal } from './principal';
import { PartnerKeysRepository } from './partner-keys.repository';
import { PartnerKeyCache } from './partner-key-cache';
import { RateLimiter } from './rate-limiter';
import { StaffTokens } from './staff-tokens';

const partnerKeys = new PartnerKeysRepository();

/**
 * Global guard: every route states its policy (PartnersOnly, StaffOnly(...roles), PartnersOrStaff, Public);
 * a route without one is refused, so nothing is open by accident. Partners are rate limited per minute.
 * Every failure is logged with the route and reason, never the credential.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    private readonly staffTokens: StaffTokens,
    private readonly rateLimiter: RateLimiter,
    private readonly keyCache: PartnerKeyCache,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    // Kafka consumers in a hybrid app inherit the app's guards; messages are not requests to authenticate.
    if (ctx.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<AuthPolicy | 'public' | undefined>(AUTH_POLICY, [
      ctx.getHandler(),
      ctx.getClass(),
    ]);
    if (policy === 'public') return true;
    const req = ctx.switchToHttp().getRequest();
    const route = `${req.method} ${req.route?.path ?? req.path}`;
    if (!policy) {
      this.logger.error(`Route ${route} declares no auth policy; refused`);
      throw Problem.forbidden('This route is not open to anyone');
    }
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
    if (!token) return this.fail(route, req.ip, 'no bearer credential');

    const principal = token.startsWith('fdp_') ? await this.partner(token, req.ip) : await this.staff(token);
    if (!principal) return this.fail(route, req.ip, 'unknown, revoked or expired credential');
    if (principal.kind === 'partner') {
      if (!policy.partners)
        return this.forbid(route, req.ip, `partner ${principal.partnerId} on a staff route`);
      const limit = principal.rateLimitPerMinute ?? this.config.PARTNER_RATE_LIMIT_PER_MINUTE;
      const retryAfter = await this.rateLimiter.retryAfter(`partner:${principal.partnerId}`, limit);
      if (retryAfter) throw Problem.tooManyRequests(retryAfter);
    } else if (!policy.staffRoles.includes(principal.role)) {
      return this.forbid(route, req.ip, `role ${principal.role}`);
    } else {
      const retryAfter = await this.rateLimiter.retryAfter(
        `staff:${principal.userId}`,
        this.config.STAFF_RATE_LIMIT_PER_MINUTE,
      );
      if (retryAfter) throw Problem.tooManyRequests(retryAfter);
    }
    req.principal = principal;
    return true;
  }

  private async partner(key: string, ip: string): Promise<PartnerPrincipal | null> {
    const keyHash = hashPartnerKey(key);
    const cached = this.keyCache.get(keyHash);
    if (cached !== undefined) return cached;
    // Known keys are cached after their first use; what reaches Postgres from one address is limited.
    const retryAfter = await this.rateLimiter.retryAfter(
      `partner-key-lookup:${ip}`,
      this.config.PARTNER_KEY_LOOKUPS_PER_ADDRESS_PER_MINUTE,
    );
    if (retryAfter) throw Problem.tooManyRequests(retryAfter);
    const generation = this.keyCache.generation;
    const found = await this.lookupPartner(keyHash);
    this.keyCache.set(keyHash, found, generation);
    return found;
  }

  private async lookupPartner(keyHash: string): Promise<PartnerPrincipal | null> {
    const p = await partnerKeys.partnerOfKey(this.dataSource, keyHash);
    return p
      ? {
          kind: 'partner',
          partnerId: p.id,
          partnerName: p.name,
          agency: p.agency,
          agencies: p.agencies,
          organisation: p.organisation,
          rateLimitPerMinute: p.rate,
        }
      : null;
  }

  private async staff(token: string): Promise<Principal | null> {
    const staff = await this.staffTokens.verify(token);
    return staff ? { kind: 'staff', ...staff } : null;
  }

  private fail(route: string, ip: string, reason: string): never {
    this.logger.warn({ route, ip, reason }, 'Authentication failed');
    throw Problem.unauthorized();
  }

  private forbid(route: string, ip: string, who: string): never {
    this.logger.warn({ route, ip, who }, 'Access refused');
    throw Problem.forbidden();
  }
}
