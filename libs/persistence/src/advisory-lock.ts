import { EntityManager } from 'typeorm';

/**
 * Takes transaction-scoped advisory locks on the given keys, in sorted order so that two transactions
 * locking overlapping sets cannot deadlock, in one round trip (the statement takes them one after another
 * in array order). Released at commit or rollback.
 * Locking infrastructure that repositories and use cases share, not data access: it reads and writes no table.
 */
export async function lockKeys(manager: EntityManager, namespace: string, keys: string[]): Promise<void> {
  const unique = [...new Set(keys)].sort().map((k) => `${namespace}:${k}`);
  if (!unique.length) return;
  if (unique.length === 1) {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', unique);
    return;
  }
  await manager.query(
    `SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
       FROM (SELECT k FROM unnest($1::text[]) WITH ORDINALITY AS u(k, n) ORDER BY n) ordered`,
    [unique],
  );
}
