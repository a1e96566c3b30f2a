import { Foundation1763800000000 } from './1763800000000-foundation';
import { AuditTrail1763800000100 } from './1763800000100-audit-trail';
import { Alerts1763800000200 } from './1763800000200-alerts';
import { StaffUsers1763800001000 } from './1763800001000-staff-users';
import { DutyDesk1763800001100 } from './1763800001100-duty-desk';
import { Placement1763800002000 } from './1763800002000-placement';
import { Insights1763800003000 } from './1763800003000-insights';
import { PartnerKeyChanges1763800004000 } from './1763800004000-partner-key-changes';
import { OutboxPolled1763800005000 } from './1763800005000-outbox-polled';
import { ChildLookups1763800006000 } from './1763800006000-child-lookups';
import { PartnerAgencies1763800007000 } from './1763800007000-partner-agencies';
import { PartnerFeedback1763800014000 } from './1763800014000-partner-feedback';
import { Referrals1763800008000 } from './1763800008000-referrals';
import { PlacementPanel1763800009000 } from './1763800009000-placement-panel';
import { AuditHmacChain1763800007500 } from './1763800007500-audit-hmac-chain';
import { AuditAppRole1763800007600 } from './1763800007600-audit-app-role';
import { AppLoginGrants1763800014600 } from './1763800014600-app-login-grants';
import { ScaleReads1763800015000 } from './1763800015000-scale-reads';

/** Every migration, in order. Listed explicitly (not globbed) so that compiled and source runs agree. */
export const migrations = [
  Foundation1763800000000,
  AuditTrail1763800000100,
  Alerts1763800000200,
  StaffUsers1763800001000,
  DutyDesk1763800001100,
  Placement1763800002000,
  Insights1763800003000,
  PartnerKeyChanges1763800004000,
  OutboxPolled1763800005000,
  ChildLookups1763800006000,
  PartnerAgencies1763800007000,
  PartnerFeedback1763800014000,
  Referrals1763800008000,
  PlacementPanel1763800009000,
  AuditHmacChain1763800007500,
  AuditAppRole1763800007600,
  AppLoginGrants1763800014600,
  ScaleReads1763800015000,
  // Add new migrations at the end, one per line.
];
