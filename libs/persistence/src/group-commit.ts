/**
 * Group commit: writes submitted by concurrent requests are gathered and written together, one statement
 * (and one commit) for many, each caller answered only when its own write has committed. A lone write goes
 * out on the next turn of the event loop, so at low load nothing waits; under load the writes that arrive
 * while `maxConcurrent` batches are in flight form the next batch. Postgres round trips and commits, not
 * the rows, are what cost on a small machine: this is what lets one intake accept thousands a second.
 *
 * `write` answers each item in order, with its result or the Error that item alone met.
 */
export class GroupCommit<T, R> {
  private pending: { item: T; resolve: (r: R | Error) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly write: (items: T[]) => Promise<(R | Error)[]>,
    private readonly options: { maxBatch: number; maxConcurrent: number },
  ) {}

  /** Resolves with the item's result or its own Error; rejects when the whole batch failed. */
  submit(item: T): Promise<R | Error> {
    return new Promise((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || !this.pending.length || this.inFlight >= this.options.maxConcurrent) return;
    this.scheduled = true;
    // Gather everything that arrives in this turn of the event loop.
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending.splice(0, this.options.maxBatch);
    if (!batch.length) return;
    this.inFlight++;
    this.schedule(); // more than one batch's worth waiting, and room for another in flight
    try {
      const results = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      for (const b of batch) b.reject(e);
    } finally {
      this.inFlight--;
      this.schedule();
    }
  }
}
