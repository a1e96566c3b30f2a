import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * The base of a repository on the app's one DataSource: its use cases open their transactions through it
 * (`transaction`) and read outside any (`manager`), so none of them holds the DataSource itself.
 * Decorated so Nest reads its constructor's parameter (the DataSource) for every subclass.
 */
@Injectable()
export abstract class DataSourceRepository {
  constructor(protected readonly ds: DataSource) {}

  transaction<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.ds.transaction(work);
  }

  /** For a read outside any transaction. */
  get manager(): EntityManager {
    return this.ds.manager;
  }
}
