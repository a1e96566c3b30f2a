export * from './audit-hash';
export * from './audit-trail';
export * from './audit-trail.service';
