import { Foundation1763800000000 } from './1763800000000-foundation';
import { AuditTrail1763800000100 } from './1763800000100-audit-trail';
import { Alerts1763800000200 } from './1763800000200-alerts';

/** Every migration, in order. Listed explicitly (not globbed) so that compiled and source runs agree. */
export const migrations = [
  Foundation1763800000000,
  AuditTrail1763800000100,
  Alerts1763800000200,
  // Add new migrations at the end, one per line.
];
