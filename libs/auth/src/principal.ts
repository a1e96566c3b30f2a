import type { StaffPrincipal } from './staff-tokens';

export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  partnerName: string;
  /** The partner's own agency (the first it was registered for). */
  agency: string;
  /** Every agency the partner is registered for: it may send as these only. */
  agencies: string[];
  organisation: string | null;
  rateLimitPerMinute: number | null;
}
export type Principal = PartnerPrincipal | ({ kind: 'staff' } & StaffPrincipal);

/** Express request with the authenticated caller attached by AuthGuard. */
export interface AuthenticatedRequest {
  principal: Principal;
}
