import { Foundation1763800000000 } from './1763800000000-foundation';
import { AuditTrail1763800000100 } from './1763800000100-audit-trail';

/** Every migration, in order. Listed explicitly (not globbed) so that compiled and source runs agree. */
export const migrations = [Foundation1763800000000, AuditTrail1763800000100];
