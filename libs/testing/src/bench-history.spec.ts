import { historyPlan, parseSizes, SHOWCASE_CONTACTS } from './bench-history';

describe('historyPlan', () => {
  it.each([1_000, 100_000, 1_000_000, 10_000_000])('adds up to exactly %i contacts', (n) => {
    const plan = historyPlan(n);
    expect(plan.tiers.reduce((s, t) => s + t.contactsEach * t.children, 0)).toBe(n);
    expect(plan.children).toBe(plan.tiers.reduce((s, t) => s + t.children, 0));
    expect(plan.tiers.every((t) => t.children >= 0)).toBe(true);
  });

  it('has most children contacted once, a long tail of repeats, and one child with 200 contacts', () => {
    const plan = historyPlan(1_000_000);
    const once = plan.tiers.find((t) => t.contactsEach === 1)!;
    expect(once.children / plan.children).toBeGreaterThan(0.5);
    expect(plan.tiers.filter((t) => t.contactsEach === SHOWCASE_CONTACTS)).toEqual([
      { contactsEach: SHOWCASE_CONTACTS, children: 1 },
    ]);
    expect(plan.tiers.some((t) => t.contactsEach >= 25 && t.children > 100)).toBe(true);
    // Most contacts are about a child contacted before, as in a service of several years.
    expect(plan.repeatShare).toBeGreaterThan(0.5);
    expect(plan.repeatShare).toBeLessThan(0.75);
  });

  it('reads sizes as 100k, 1m, 10m or plain numbers', () => {
    expect(parseSizes('100k,1m,10m')).toEqual([100_000, 1_000_000, 10_000_000]);
    expect(parseSizes('250000, 2.5m')).toEqual([250_000, 2_500_000]);
    expect(() => parseSizes('lots')).toThrow(/not a size/);
  });
});
