/** Anything that runs SQL (a TypeORM DataSource or EntityManager): the lib stays free of Nest and TypeORM. */
export interface Queryable {
  query<T = unknown>(sql: string, params?: unknown[]): Promise<T>;
}

/** The kept daily counts (insight_daily) as the spike method reads them. Stateless: runs on the caller's db. */
export class DailyCountsRepository {
  /** The first day (YYYY-MM-DD) any contact was counted, or null when none has been. */
  async firstCountedDay(db: Queryable): Promise<string | null> {
    const [first] = await db.query<{ first: string | null }[]>(
      `SELECT to_char(min(day), 'YYYY-MM-DD') AS first FROM insight_daily WHERE series = 'total'`,
    );
    return first?.first ?? null;
  }

  /** The stored counts of some series between two days (YYYY-MM-DD, both included); days with none are absent. */
  async counts(
    db: Queryable,
    series: readonly string[],
    from: string,
    to: string,
  ): Promise<{ series: string; day: string; count: number }[]> {
    return db.query<{ series: string; day: string; count: number }[]>(
      `SELECT series, to_char(day, 'YYYY-MM-DD') AS day, count FROM insight_daily
        WHERE series = ANY($1::text[]) AND day BETWEEN $2::date AND $3::date`,
      [series, from, to],
    );
  }
}
