/**
 * The shape of the history the data-scale run loads (issue 21): how many children have how many contacts.
 * Most children are the subject of one contact; a long tail are contacted again and again across the years;
 * one child has exactly 200 (the child view is measured on it). The loader (test/bench/scale.ts) writes the
 * rows in SQL, tier by tier, with generate_series.
 */
export interface HistoryTier {
  /** Contacts about each child of the tier. */
  contactsEach: number;
  children: number;
}

export interface HistoryPlan {
  contacts: number;
  children: number;
  tiers: HistoryTier[];
  /** Share of contacts about a child already contacted before (every contact of a child but its first). */
  repeatShare: number;
}

/** Children's shares by contacts each (a long tail; about 2.7 contacts a child on average). */
const SHARES: [contactsEach: number, share: number][] = [
  [1, 0.55],
  [2, 0.2],
  [3, 0.1],
  [5, 0.08],
  [10, 0.05],
  [25, 0.019],
  [60, 0.001],
];

/** The child view is measured on a child with this many contacts. */
export const SHOWCASE_CONTACTS = 200;

export function historyPlan(contacts: number): HistoryPlan {
  if (!Number.isInteger(contacts) || contacts < SHOWCASE_CONTACTS * 2)
    throw new Error(`historyPlan: at least ${SHOWCASE_CONTACTS * 2} contacts`);
  const mean = SHARES.reduce((s, [each, share]) => s + each * share, 0);
  const rest = contacts - SHOWCASE_CONTACTS;
  const total = rest / mean;
  const tiers: HistoryTier[] = SHARES.slice(1).map(([each, share]) => ({
    contactsEach: each,
    children: Math.floor(total * share),
  }));
  const used = tiers.reduce((s, t) => s + t.contactsEach * t.children, 0);
  // The one-contact tier takes what is left, so the total is exact.
  tiers.unshift({ contactsEach: 1, children: rest - used });
  tiers.push({ contactsEach: SHOWCASE_CONTACTS, children: 1 });
  const children = tiers.reduce((s, t) => s + t.children, 0);
  return { contacts, children, tiers, repeatShare: (contacts - children) / contacts };
}

/** Parses `100k,1m,10m` (or plain numbers) into contact counts. */
export function parseSizes(spec: string): number[] {
  return spec
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
    .map((s) => {
      const m = /^(\d+(?:\.\d+)?)([km]?)$/.exec(s);
      if (!m) throw new Error(`--scale: "${s}" is not a size like 100k, 1m or 250000`);
      return Math.round(Number(m[1]) * (m[2] === 'm' ? 1e6 : m[2] === 'k' ? 1e3 : 1));
    });
}
