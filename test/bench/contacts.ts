import { contactBody, nhsNumberFor } from '@app/testing';

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
const INDICATORS: { agency: string; indicators: string[]; immediateRisk?: boolean }[] = [
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
function child(seed: number) {
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
    const concern = INDICATORS[Math.floor(this.random() * INDICATORS.length)];
    return contactBody({
      source: { agency: concern.agency },
      child: child(childSeed),
      concerns: {
        indicators: concern.indicators,
        summary: 'Benchmark contact.',
        immediateRisk: !!concern.immediateRisk,
      },
    });
  }
}
