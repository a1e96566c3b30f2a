import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ForbiddenError } from '@app/contracts';
import type { StaffRole } from './roles';
import type { Principal } from './principal';

export const AUTH_POLICY = 'front-door:auth-policy';

export interface AuthPolicy {
  partners: boolean;
  staffRoles: readonly StaffRole[];
}

/** Partners only (with their keys). */
export const PartnersOnly = () =>
  SetMetadata(AUTH_POLICY, { partners: true, staffRoles: [] } satisfies AuthPolicy);
/** Staff with one of these roles. */
export const StaffOnly = (...roles: StaffRole[]) =>
  SetMetadata(AUTH_POLICY, { partners: false, staffRoles: roles } satisfies AuthPolicy);
/** Partners, or staff with one of these roles. */
export const PartnersOrStaff = (...roles: StaffRole[]) =>
  SetMetadata(AUTH_POLICY, { partners: true, staffRoles: roles } satisfies AuthPolicy);
/** No credentials needed (login, health). */
export const Public = () => SetMetadata(AUTH_POLICY, 'public');

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Principal => ctx.switchToHttp().getRequest().principal,
);

/** The staff member acting, as use cases are told of them: who and in which role (never the token). */
export interface StaffActor {
  userId: string;
  username: string;
  role: StaffRole;
}

/**
 * The signed-in staff member; a partner's key on a staff route is refused (403) here, once, rather than by a
 * check in every handler.
 */
export const CurrentStaff = createParamDecorator((_: unknown, ctx: ExecutionContext): StaffActor => {
  const principal = ctx.switchToHttp().getRequest<{ principal?: Principal }>().principal;
  if (principal?.kind !== 'staff') throw new ForbiddenError();
  return { userId: principal.userId, username: principal.username, role: principal.role };
});
