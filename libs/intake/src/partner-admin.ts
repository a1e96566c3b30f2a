import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { Partner, PartnerKey } from '@app/persistence';
import { generatePartnerKey } from '@app/auth';
import { SOURCE_AGENCIES } from '@app/contracts';

export interface PartnerSummary {
  id: string;
  name: string;
  agency: string;
  agencies: string[];
  organisation: string | null;
  activeKeys: { prefix: string; createdAt: string }[];
}

/**
 * Partner and key administration (the `npm run partners` CLI). A key is returned once, at creation or
 * rotation, and only its hash is kept. Rotation adds a key and leaves the old ones valid until revoked, so
 * a partner can switch over without a gap; revocation takes effect at the next request.
 */
@Injectable()
export class PartnerAdmin {
  constructor(private readonly ds: DataSource) {}

  /** A partner registered for one agency or several (it may send as those only); the first is its own. */
  async create(
    name: string,
    agency: string | readonly string[],
    organisation: string | null,
  ): Promise<{ partnerId: string; key: string }> {
    if (!name?.trim()) throw new Error('--name is required');
    const agencies = [...new Set(typeof agency === 'string' ? [agency] : agency)];
    if (!agencies.length || agencies.some((a) => !(SOURCE_AGENCIES as readonly string[]).includes(a))) {
      throw new Error(`--agency must be one of: ${SOURCE_AGENCIES.join(', ')} (repeat it for several)`);
    }
    return this.ds.transaction(async (m) => {
      const partners = m.getRepository(Partner);
      if (await partners.existsBy({ name })) throw new Error(`A partner named "${name}" already exists`);
      const partnerId = randomUUID();
      await partners.insert({ id: partnerId, name, agency: agencies[0], agencies, organisation });
      const key = await this.addKey(m, partnerId);
      return { partnerId, key };
    });
  }

  /** Issues a new key for the partner; its older keys stay valid until revoked. */
  async rotate(name: string): Promise<string> {
    return this.ds.transaction(async (m) => this.addKey(m, await this.partnerId(m, name)));
  }

  /** Revokes the partner's keys: all of them, or only the one whose prefix is given. */
  async revoke(name: string, keyPrefix?: string): Promise<number> {
    return this.ds.transaction(async (m) => {
      const partnerId = await this.partnerId(m, name);
      const { affected } = await m
        .getRepository(PartnerKey)
        .update(
          { partnerId, revokedAt: IsNull(), ...(keyPrefix ? { keyPrefix } : {}) },
          { revokedAt: () => 'now()' },
        );
      return affected ?? 0;
    });
  }

  async list(): Promise<PartnerSummary[]> {
    const partners = await this.ds.getRepository(Partner).find({ order: { name: 'ASC' } });
    const keys = await this.ds
      .getRepository(PartnerKey)
      .find({ where: { revokedAt: IsNull() }, order: { createdAt: 'ASC' } });
    return partners.map((p) => ({
      id: p.id,
      name: p.name,
      agency: p.agency,
      agencies: p.agencies,
      organisation: p.organisation,
      activeKeys: keys
        .filter((k) => k.partnerId === p.id)
        .map((k) => ({ prefix: k.keyPrefix, createdAt: k.createdAt.toISOString() })),
    }));
  }

  /** Finds or creates a partner by name (historical import names partners that may not exist yet). */
  async ensure(name: string, agency: string): Promise<string> {
    await this.ds
      .createQueryBuilder()
      .insert()
      .into(Partner)
      .values({ id: randomUUID(), name, agency, agencies: [agency] })
      .orIgnore()
      .execute();
    return (await this.ds.getRepository(Partner).findOneByOrFail({ name })).id;
  }

  /** The partner's id; throws when there is no partner of that name. */
  async idOf(name: string): Promise<string> {
    return this.partnerId(this.ds.manager, name);
  }

  private async partnerId(m: EntityManager, name: string): Promise<string> {
    const partner = await m.getRepository(Partner).findOneBy({ name });
    if (!partner) throw new Error(`No partner named "${name}"`);
    return partner.id;
  }

  private async addKey(m: EntityManager, partnerId: string): Promise<string> {
    const { key, hash, prefix } = generatePartnerKey();
    await m
      .getRepository(PartnerKey)
      .insert({ id: randomUUID(), partnerId, keyHash: hash, keyPrefix: prefix });
    return key;
  }
}
