import { Child } from './child.entity';
import { Contact } from './contact.entity';
import { Decision } from './decision.entity';
import { DeskItem } from './desk-item.entity';
import { OutboxMessage } from './outbox-message.entity';
import { Partner } from './partner.entity';
import { PartnerKey } from './partner-key.entity';

export { Child, Contact, Decision, DeskItem, OutboxMessage, Partner, PartnerKey };
export type { ContactStatus } from './contact.entity';
export type { StoredReason, StoredPossibleMatch } from './decision.entity';
export type { DeskItemState } from './desk-item.entity';

/** Every entity the DataSource knows. */
export const entities = [Partner, PartnerKey, Child, Contact, Decision, DeskItem, OutboxMessage];
