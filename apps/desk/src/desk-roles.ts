import { DUTY_STAFF, MANAGERS, StaffRole } from '@app/auth';
import { PLACEMENT_ROLES } from '@app/contracts';

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

/** Who requests placements (placement-gatekeeping.md). The placement roles are in libs/contracts, for the web app. */
export const PLACEMENT_REQUESTERS: readonly StaffRole[] = PLACEMENT_ROLES.requesters;
/**
 * Who reads placement requests: a social worker sees only their own; the duty manager (alerted about them),
 * managers and heads of service see every one. Not administrators: they manage users and the audit.
 */
export const PLACEMENT_READERS: readonly StaffRole[] = PLACEMENT_ROLES.readers;
/** Who chairs the placement panel: reads its list and records its decisions. */
export const PANEL_CHAIRS: readonly StaffRole[] = PLACEMENT_ROLES.chairs;
/** Who adds evidence or records what finally happened: the requesting social worker, or a manager. */
export const PLACEMENT_UPDATERS: readonly StaffRole[] = PLACEMENT_ROLES.updaters;
/** Who marks a panel action done: its owner, the requesting social worker, or the panel's chairs. */
export const PANEL_ACTION_COMPLETERS: readonly StaffRole[] = PLACEMENT_ROLES.actionCompleters;
/** Who reads the sufficiency figures (aggregates, no child's record): managers and above. */
export const SUFFICIENCY_READERS: readonly StaffRole[] = [
  'duty_manager',
  'manager',
  'head_of_service',
  'admin',
];
/** Who may see what drove a flagged day (aggregates only): everyone who sees the dashboards. */
export const SPIKE_EXPLAINERS: readonly StaffRole[] = MANAGERS;
/** Who may list a flagged day's contacts: duty managers and above (administrators do not read records). */
export const SPIKE_CONTACT_READERS: readonly StaffRole[] = ['duty_manager', 'manager', 'head_of_service'];
