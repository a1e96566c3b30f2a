export * from './audit-hash';
export * from './audit-trail';
export * from './audit-trail.service';
export { AuditLogRepository } from './audit-log.repository';
export type { AuditEntryView, AuditFilter } from './audit-log.repository';
