import { DataSource } from 'typeorm';

/** A partner as its active API key finds it. */
export interface PartnerOfKey {
  id: string;
  name: string;
  agency: string;
  agencies: string[];
  organisation: string | null;
  /** The partner's own requests-per-minute limit; null for the default. */
  rate: number | null;
}

/** Partner keys (partner_keys, partners) as the guard looks a key up. Stateless: runs on the app's pool. */
export class PartnerKeysRepository {
  /** The partner whose unrevoked key has this hash, or null. */
  async partnerOfKey(ds: DataSource, keyHash: string): Promise<PartnerOfKey | null> {
    const rows: PartnerOfKey[] = await ds.query(
      `SELECT p.id, p.name, p.agency, p.agencies, p.organisation, p.rate_limit_per_minute AS rate
           FROM partner_keys k JOIN partners p ON p.id = k.partner_id
          WHERE k.key_hash = $1 AND k.revoked_at IS NULL`,
      [keyHash],
    );
    return rows[0] ?? null;
  }
}
