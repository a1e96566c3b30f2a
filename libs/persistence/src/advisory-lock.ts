import { EntityManager } from 'typeorm';

/**
 * Takes transaction-scoped advisory locks on the given keys, in sorted order so that two transactions
 * locking overlapping sets cannot deadlock. Released at commit or rollback.
 */
export async function lockKeys(manager: EntityManager, namespace: string, keys: string[]): Promise<void> {
  const unique = [...new Set(keys)].sort();
  for (const key of unique) {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`${namespace}:${key}`]);
  }
}
