import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
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
      const exists = await m.query('SELECT 1 FROM partners WHERE name = $1', [name]);
      if (exists.length) throw new Error(`A partner named "${name}" already exists`);
      const partnerId = randomUUID();
      await m.query(
        'INSERT INTO partners (id, name, agency, agencies, organisation) VALUES ($1, $2, $3, $4, $5)',
        [partnerId, name, agencies[0], agencies, organisation],
      );
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
      const [, count] = await m.query(
        `UPDATE partner_keys SET revoked_at = now()
          WHERE partner_id = $1 AND revoked_at IS NULL AND ($2::text IS NULL OR key_prefix = $2)`,
        [partnerId, keyPrefix ?? null],
      );
      return count as number;
    });
  }

  async list(): Promise<PartnerSummary[]> {
    const rows = await this.ds.query(
      `SELECT p.id, p.name, p.agency, p.agencies, p.organisation,
              coalesce(json_agg(json_build_object('prefix', k.key_prefix, 'createdAt', k.created_at) ORDER BY k.created_at)
                       FILTER (WHERE k.id IS NOT NULL AND k.revoked_at IS NULL), '[]') AS keys
         FROM partners p LEFT JOIN partner_keys k ON k.partner_id = p.id
        GROUP BY p.id ORDER BY p.name`,
    );
    return rows.map((r: any) => ({
      id: r.id,
      name: r.name,
      agency: r.agency,
      agencies: r.agencies,
      organisation: r.organisation,
      activeKeys: r.keys,
    }));
  }

  /** Finds or creates a partner by name (historical import names partners that may not exist yet). */
  async ensure(name: string, agency: string): Promise<string> {
    await this.ds.query(
      'INSERT INTO partners (id, name, agency) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
      [randomUUID(), name, agency],
    );
    const [row] = await this.ds.query('SELECT id FROM partners WHERE name = $1', [name]);
    return row.id;
  }

  private async partnerId(m: { query: DataSource['query'] }, name: string): Promise<string> {
    const [row] = await m.query('SELECT id FROM partners WHERE name = $1', [name]);
    if (!row) throw new Error(`No partner named "${name}"`);
    return row.id;
  }

  private async addKey(m: { query: DataSource['query'] }, partnerId: string): Promise<string> {
    const { key, hash, prefix } = generatePartnerKey();
    await m.query('INSERT INTO partner_keys (id, partner_id, key_hash, key_prefix) VALUES ($1, $2, $3, $4)', [
      randomUUID(),
      partnerId,
      hash,
      prefix,
    ]);
    return key;
  }
}
