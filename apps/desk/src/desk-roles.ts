import { DUTY_STAFF, StaffRole } from '@app/auth';

/** Who may read the queue and the child's view: everyone who works contacts at the duty desk. */
export const QUEUE_READERS: readonly StaffRole[] = DUTY_STAFF;
/** Who claims, decides, overrides and closes items: duty workers and duty managers. */
export const DECIDERS: readonly StaffRole[] = ['duty_worker', 'duty_manager'];
/** Who may release another worker's claim. */
export const CLAIM_RELEASERS: readonly StaffRole[] = ['duty_manager'];
/** Who may try the criteria (contact-api.md). */
export const CRITERIA_TRIERS: readonly StaffRole[] = ['duty_manager', 'admin'];
/** Who reads the audit trail. */
export const AUDITORS: readonly StaffRole[] = ['admin'];
/**
 * Who reads the per-partner figures (feedback to referrers): duty managers, managers and heads of service.
 * Not administrators, who manage users and the audit, not the service's casework.
 */
export const PARTNER_FIGURES_READERS: readonly StaffRole[] = ['duty_manager', 'manager', 'head_of_service'];
/** Who downloads the statutory returns, Annex A and the CIN census (statutory-returns.md): not admins. */
export const RETURNS_READERS: readonly StaffRole[] = ['manager', 'head_of_service'];
/** Who records what the returns need on a child (sex, ethnicity, disability, UPN): duty workers and managers. */
export const CHARACTERISTICS_RECORDERS: readonly StaffRole[] = DECIDERS;
