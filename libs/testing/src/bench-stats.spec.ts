import { isValidNhsNumber } from '@app/contracts';
import { RealisticMix } from './bench-contacts';
import { latencyStats, MIN_HELD_STEP_SECONDS, percentile, showMs, stepHeld } from './bench-stats';

describe('latencyStats', () => {
  it('counts failures as slower than any answer in every percentile', () => {
    const ok = Array.from({ length: 98 }, (_, i) => i + 1);
    const s = latencyStats(ok, 2);
    expect(s.n).toBe(100);
    expect(s.failed).toBe(2);
    expect(s.p50).toBe(50);
    // 2% failed: the p99 falls on a failure, not on the slowest answer.
    expect(s.p99).toBe(Infinity);
    expect(showMs(s.p99)).toBe('failed');
  });

  it('without failures is the nearest-rank percentile of the answers', () => {
    const s = latencyStats([5, 1, 3, 2, 4]);
    expect([s.p50, s.max, s.failed]).toEqual([3, 5, 0]);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  });
});

describe('stepHeld', () => {
  const flat = Array.from({ length: 6000 }, (_, i) => 20 + (i % 7));
  const step = { offered: 6000, accepted: 6000, seconds: 30, missing: 0, lags: flat };

  it('holds when at least 99% was accepted, all decided, and the lag did not grow over 30 s', () => {
    expect(stepHeld(step)).toMatchObject({ held: true, why: [] });
  });

  it('does not hold when under 99% of the offered rate was accepted with 202', () => {
    const r = stepHeld({ ...step, accepted: 5930 });
    expect(r.held).toBe(false);
    expect(r.why.join()).toMatch(/accepted/);
  });

  it('does not hold when the lag grows across the step', () => {
    const growing = flat.map((l, i) => l + i / 10);
    expect(stepHeld({ ...step, lags: growing }).held).toBe(false);
  });

  it('does not hold when a contact was never decided, or the step was shorter than 30 s', () => {
    expect(stepHeld({ ...step, missing: 1 }).held).toBe(false);
    expect(stepHeld({ ...step, seconds: MIN_HELD_STEP_SECONDS - 1 }).why.join()).toMatch(/under 30 s/);
  });
});

describe('RealisticMix', () => {
  it('sends about 40% about known children, 30% without an NHS number, and some merges', () => {
    const mix = new RealisticMix(1_000_000, 3, { base: 0, count: 5000 });
    const bodies = Array.from({ length: 10000 }, (_, i) => mix.next(i) as { child: { nhsNumber?: string } });
    const known = mix.kinds.known + mix.kinds.merge_c;
    expect(known / 10000).toBeGreaterThan(0.35);
    expect(known / 10000).toBeLessThan(0.45);
    const withoutNhs = bodies.filter((b) => !b.child.nhsNumber).length / 10000;
    expect(withoutNhs).toBeGreaterThan(0.25);
    expect(withoutNhs).toBeLessThan(0.35);
    expect(bodies.filter((b) => b.child.nhsNumber).every((b) => isValidNhsNumber(b.child.nhsNumber!))).toBe(
      true,
    );
    // Every merge child had its two apart contacts before the joining one.
    expect(mix.kinds.merge_c).toBeGreaterThan(50);
    expect(mix.kinds.merge_a / 10000).toBeLessThan(0.04);
    expect(mix.kinds.merge_a).toBeGreaterThanOrEqual(mix.kinds.merge_c);
    expect(mix.kinds.merge_b).toBeGreaterThanOrEqual(mix.kinds.merge_c);
  });
});
