import { contactBody, nhsNumberFor } from './contact-factory';

/**
 * Varied, valid contact bodies for the benchmark: distinct children (NHS number, name, birth date and
 * postcode spread out) with a share of repeat contacts about a child already seen, so person matching and
 * re-triage do real work but no child gathers an unrealistic pile of contacts.
 */

const LAST = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Wood',
  'Jackson',
  'Clarke',
  'Khan',
  'Okafor',
  'Nowak',
  'Hughes',
  'Edwards',
  'Turner',
  'Hill',
  'Moore',
  'Cooper',
  'Ward',
  'Morris',
  'King',
  'Watson',
  'Harris',
  'Lee',
  'Martin',
  'Baker',
  'Young',
  'Allen',
  'Mitchell',
  'Anderson',
  'Campbell',
  'Kelly',
  'Bell',
  'Murphy',
  'Ali',
  'Begum',
  'Hussain',
  'Singh',
];
const FIRST = [
  'Maya',
  'Oliver',
  'Amelia',
  'Noah',
  'Isla',
  'Leo',
  'Ava',
  'Arthur',
  'Mia',
  'Muhammad',
  'Ivy',
  'Harry',
  'Freya',
  'Oscar',
  'Lily',
  'George',
  'Sophia',
  'Theo',
  'Grace',
  'Jack',
];
const POSTCODES = [
  'OX1 1AA',
  'OX2 6HT',
  'OX3 9DU',
  'OX4 2JY',
  'OX5 1PB',
  'OX15 4QE',
  'OX16 1AA',
  'OX17 3NX',
  'OX26 6HL',
  'OX7 5SZ',
  'OX18 1JH',
  'OX28 4BH',
  'OX10 0EW',
  'OX11 7HJ',
  'OX14 3JA',
  'RG9 1DB',
];
/** Indicator sets by agency: mostly universal-service concerns, some child protection. */
export const BENCH_INDICATORS: { agency: string; indicators: string[]; immediateRisk?: boolean }[] = [
  { agency: 'school', indicators: ['attendance_persistent_absence'] },
  { agency: 'school', indicators: ['behaviour_concern_school', 'emotional_wellbeing_concern'] },
  { agency: 'school', indicators: ['neglect_emerging'] },
  { agency: 'health_gp', indicators: ['missed_health_appointments', 'developmental_delay_concern'] },
  { agency: 'health_gp', indicators: ['parental_mental_health', 'parenting_support_need'] },
  { agency: 'police', indicators: ['domestic_abuse_standard_risk'] },
  { agency: 'police', indicators: ['domestic_abuse_medium_risk', 'parental_substance_misuse'] },
  { agency: 'police', indicators: ['missing_child_current'], immediateRisk: true },
  { agency: 'school', indicators: ['physical_abuse_injury'] },
  { agency: 'health_gp', indicators: ['neglect_persistent', 'financial_hardship'] },
];

/** A small deterministic PRNG (mulberry32), so two runs offer the same mix. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The child of a given seed: a stable identity. */
export function benchChild(seed: number) {
  const day = 1 + (seed % 28);
  const month = 1 + (Math.floor(seed / 28) % 12);
  const year = 2009 + (Math.floor(seed / 336) % 16);
  return {
    firstName: FIRST[seed % FIRST.length],
    lastName: LAST[Math.floor(seed / 7) % LAST.length],
    dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    nhsNumber: nhsNumberFor(seed),
    address: {
      line1: `${1 + (seed % 200)} Example Road`,
      town: 'Oxford',
      postcode: POSTCODES[seed % POSTCODES.length],
    },
  };
}

/**
 * Makes bodies for contact number i of a stream: 90% about a new child, 10% about a child seen earlier in
 * the same stream. `base` keeps separate streams' children apart.
 */
export class ContactMix {
  private readonly random: () => number;
  private readonly seen: number[] = [];
  constructor(
    private readonly base: number,
    seed = 1,
  ) {
    this.random = prng(seed);
  }

  next(i: number): object {
    let childSeed = this.base + i;
    if (this.seen.length > 20 && this.random() < 0.1) {
      childSeed = this.seen[Math.floor(this.random() * this.seen.length)];
    } else {
      this.seen.push(childSeed);
    }
    const concern = BENCH_INDICATORS[Math.floor(this.random() * BENCH_INDICATORS.length)];
    return contactBody({
      source: { agency: concern.agency },
      child: benchChild(childSeed),
      concerns: {
        indicators: concern.indicators,
        summary: 'Benchmark contact.',
        immediateRisk: !!concern.immediateRisk,
      },
    });
  }
}

/** What a RealisticMix contact is about (for its tests and the bench's log). */
export type MixKind = 'new' | 'known' | 'merge_a' | 'merge_b' | 'merge_c';

/**
 * A realistic stream of contacts (issue 21): about 40% about a child already known (a child of `known`, a
 * range of seeds sent and triaged before, or else one seen earlier in this stream), 30% without an NHS
 * number, and some merges: a child first known twice apart (once by NHS number under another family name,
 * once by name and birth date without it), then a contact carrying both, which joins the two.
 */
export class RealisticMix {
  private readonly random: () => number;
  private readonly seen: number[] = [];
  /** Merge children whose first two contacts were sent and whose joining one is still due. */
  private readonly pendingMerge: { seed: number; due: number }[] = [];
  private mergeSeq = 0;
  readonly kinds: Record<MixKind, number> = { new: 0, known: 0, merge_a: 0, merge_b: 0, merge_c: 0 };
  withoutNhs = 0;

  constructor(
    private readonly base: number,
    seed = 1,
    private readonly known?: { base: number; count: number },
    private readonly shares = { known: 0.4, withoutNhs: 0.3, merge: 0.02 },
  ) {
    this.random = prng(seed);
  }

  next(i: number): object {
    const r = this.random();
    const r2 = this.random();
    const due = this.pendingMerge.findIndex((m) => m.due <= i);
    // A merge child's second contact follows its first after a few others; the joining one after more.
    const waiting = this.pendingMerge.find((m) => m.due === Number.POSITIVE_INFINITY);
    let seed: number;
    let kind: MixKind;
    if (due >= 0) {
      seed = this.pendingMerge.splice(due, 1)[0].seed;
      kind = 'merge_c';
    } else if (waiting && r < 0.5) {
      waiting.due = i + 50;
      seed = waiting.seed;
      kind = 'merge_b';
    } else if (r2 < this.shares.merge) {
      seed = this.base + 500_000_000 + this.mergeSeq++;
      kind = 'merge_a';
      this.pendingMerge.push({ seed, due: Number.POSITIVE_INFINITY });
    } else if (r2 < this.shares.merge + this.shares.known && (this.known?.count || this.seen.length > 20)) {
      seed = this.known?.count
        ? this.known.base + Math.floor(this.random() * this.known.count)
        : this.seen[Math.floor(this.random() * this.seen.length)];
      kind = 'known';
    } else {
      seed = this.base + i;
      kind = 'new';
      this.seen.push(seed);
    }
    this.kinds[kind]++;
    const c = benchChild(seed);
    const withoutNhs =
      kind === 'merge_b' ||
      (kind !== 'merge_a' && kind !== 'merge_c' && this.random() < this.shares.withoutNhs);
    if (withoutNhs) this.withoutNhs++;
    const { nhsNumber, ...rest } = c;
    const childPart = {
      ...(withoutNhs ? rest : { ...rest, nhsNumber }),
      // The first contact of a merge child: another family name (a mistake or a former name).
      ...(kind === 'merge_a' ? { lastName: `${c.lastName}-Former` } : {}),
    };
    const concern = BENCH_INDICATORS[Math.floor(this.random() * BENCH_INDICATORS.length)];
    return contactBody({
      source: { agency: concern.agency },
      child: withoutNhs ? { ...childPart, nhsNumber: undefined } : childPart,
      concerns: {
        indicators: concern.indicators,
        summary: 'Benchmark contact.',
        immediateRisk: !!concern.immediateRisk,
      },
    });
  }
}
