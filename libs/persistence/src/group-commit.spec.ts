import { GroupCommit } from './group-commit';

const tick = () => new Promise((r) => setImmediate(r));

describe('GroupCommit', () => {
  it('writes what arrives in one turn of the event loop as one batch, answering each in order', async () => {
    const batches: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        return items.map((i) => i * 10);
      },
      { maxBatch: 100, maxConcurrent: 1 },
    );
    const answers = await Promise.all([1, 2, 3].map((i) => gc.submit(i)));
    expect(answers).toEqual([10, 20, 30]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('while a batch is in flight, later arrivals wait and go together in the next (up to maxBatch each)', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const first = new Promise<void>((r) => (release = r));
    const gc = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await first;
        return items;
      },
      { maxBatch: 3, maxConcurrent: 1 },
    );
    const a = gc.submit(0);
    await tick();
    const rest = [1, 2, 3, 4, 5].map((i) => gc.submit(i));
    await tick();
    expect(batches).toEqual([[0]]);
    release();
    await Promise.all([a, ...rest]);
    expect(batches).toEqual([[0], [1, 2, 3], [4, 5]]);
  });

  it("an item's own Error is its answer alone; a failed batch rejects every caller in it", async () => {
    const gc = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(99)) throw new Error('database away');
        return items.map((i) => (i < 0 ? new Error(`bad ${i}`) : i));
      },
      { maxBatch: 10, maxConcurrent: 2 },
    );
    const [ok, bad] = await Promise.all([gc.submit(1), gc.submit(-1)]);
    expect(ok).toBe(1);
    expect(bad).toEqual(new Error('bad -1'));
    await expect(Promise.all([gc.submit(2), gc.submit(99)])).rejects.toThrow('database away');
    expect(await gc.submit(3)).toBe(3);
  });
});
