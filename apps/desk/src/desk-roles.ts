import { DUTY_STAFF, MANAGERS, StaffRole } from '@app/auth';

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
/** Who may see what drove a flagged day (aggregates only): everyone who sees the dashboards. */
export const SPIKE_EXPLAINERS: readonly StaffRole[] = MANAGERS;
/** Who may list a flagged day's contacts: duty managers and above (administrators do not read records). */
export const SPIKE_CONTACT_READERS: readonly StaffRole[] = ['duty_manager', 'manager', 'head_of_service'];
