/** Staff roles (operations.md). */
export const StaffRole = {
  DutyWorker: 'duty_worker',
  DutyManager: 'duty_manager',
  SocialWorker: 'social_worker',
  Manager: 'manager',
  HeadOfService: 'head_of_service',
  Admin: 'admin',
} as const;
export type StaffRole = (typeof StaffRole)[keyof typeof StaffRole];
export const STAFF_ROLES: readonly StaffRole[] = Object.values(StaffRole);

/**
 * Who works contacts at the duty desk (and so may read any contact). Not administrators: they manage users
 * and the audit, not children's records (least privilege).
 */
export const DUTY_STAFF: readonly StaffRole[] = ['duty_worker', 'duty_manager', 'manager', 'head_of_service'];
/** Who sees the dashboards and is alerted. */
export const MANAGERS: readonly StaffRole[] = ['duty_manager', 'manager', 'head_of_service', 'admin'];
