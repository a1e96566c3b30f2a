import { Partner } from './partner.entity';
import { PartnerKey } from './partner-key.entity';

export { Partner, PartnerKey };

/**
 * Every entity the DataSource knows: the tables PartnerAdmin manages through TypeORM repositories. The
 * decisions and desk items are written by tuned set-based SQL inside their repositories
 * (DecisionsRepository, DeskItemsRepository), so they have no entity that nothing would use.
 */
export const entities = [Partner, PartnerKey];
