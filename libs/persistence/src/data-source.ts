import { DataSource, DataSourceOptions } from 'typeorm';
import { entities } from './entities';
import { migrations } from './migrations';

/**
 * The one DataSource definition the migration CLI, the apps and the tests share. Schema changes only
 * through migrations: `synchronize` stays off.
 */
export function dataSourceOptions(
  databaseUrl: string,
  overrides: Partial<DataSourceOptions> = {},
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities,
    migrations,
    synchronize: false,
    migrationsTransactionMode: 'each',
    // A small pool per process: several apps and instances share one Postgres. No JIT: the service runs
    // short statements, and a batch's lookups, costed high on a table without fresh statistics, spent
    // 100-150 ms compiling to run in 15 (measured in triage's backlog drain).
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' },
    ...overrides,
  } as DataSourceOptions;
}

export function createDataSource(databaseUrl: string): DataSource {
  return new DataSource(dataSourceOptions(databaseUrl));
}
