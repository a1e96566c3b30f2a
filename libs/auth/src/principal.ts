import type { StaffPrincipal } from './staff-tokens';

export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  partnerName: string;
  agency: string;
  organisation: string | null;
  rateLimitPerMinute: number | null;
}
export type Principal = PartnerPrincipal | ({ kind: 'staff' } & StaffPrincipal);

/** Express request with the authenticated caller attached by AuthGuard. */
export interface AuthenticatedRequest {
  principal: Principal;
}
