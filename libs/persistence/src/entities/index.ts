import { Decision } from './decision.entity';
import { DeskItem } from './desk-item.entity';
import { Partner } from './partner.entity';
import { PartnerKey } from './partner-key.entity';

export { Decision, DeskItem, Partner, PartnerKey };
export type { StoredReason, StoredPossibleMatch } from './decision.entity';
export type { DeskItemState } from './desk-item.entity';

/** Every entity the DataSource knows. */
export const entities = [Partner, PartnerKey, Decision, DeskItem];
