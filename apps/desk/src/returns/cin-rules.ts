import { isValidUpn } from '@app/contracts';
import {
  CLOSURE_REASONS,
  DISABILITIES as DISABILITY_CODES,
  PRIMARY_NEEDS,
} from '../referrals/referral-codes';
import type { CinChild, CinDetails, CinHeader, CinMessage } from './cin-message';

/** The DfE's code lists, one copy each (referral-codes.ts), read here as plain strings. */
const DISABILITIES: readonly string[] = DISABILITY_CODES;

/**
 * The DfE's CIN census validation rules for 2025 to 2026 that apply to the modules the front door produces
 * (Header, ChildIdentifiers, ChildCharacteristics, CINdetails), one entry per rule with its code and message,
 * as implemented in public by data-to-insight's CIN validator (csc-validator-be-cin: the 2022-23 rules with
 * the 2023-24 and 2024-25 changes; 2025-26 changes none of these). A code ending in Q is a query, the rest
 * are errors. Rules on modules the front door leaves out (assessments, section 47, plans, reviews) are not
 * here: with those modules absent they cannot fire.
 */
export interface CinIssue {
  code: string;
  type: 'error' | 'query';
  message: string;
  /** The child at fault (LAchildID); absent for a rule checked across the whole return. */
  laChildId?: string;
  childId?: string;
  /** The CIN census fields to complete or correct. */
  fields: string[];
}

type Hit = { child?: CinChild; detail?: CinDetails };

export interface CinRule {
  code: string;
  message: string;
  fields: string[];
  check(msg: CinMessage, period: CensusPeriod): Iterable<Hit>;
  /**
   * A rule over the whole return (or the header), checked as the census streams: fed each child in LAchildID
   * order, `add` gives the hits it can tell by then and `end` the rest, the same hits in the same order as
   * `check`. Absent, the rule looks at one child at a time and `check` runs on each child alone.
   */
  streamed?(header: CinHeader, period: CensusPeriod, facts: CinReturnFacts): StreamedCheck;
}

interface StreamedCheck {
  add(child: CinChild): Iterable<Hit>;
  end(): Iterable<Hit>;
}

/** What the streamed whole-return rules are told in advance (counted in Postgres, not in a map here). */
export interface CinReturnFacts {
  /** UPNs held by more than one child of the return. */
  duplicateUpns: ReadonlySet<string>;
}

export interface CensusPeriod {
  /** The first day of the census year, YYYY-MM-DD (1 April). */
  start: string;
  /** The reference date, YYYY-MM-DD (31 March). */
  end: string;
}

export function censusPeriod(year: number): CensusPeriod {
  return { start: `${year - 1}-04-01`, end: `${year}-03-31` };
}

const ETHNICITIES = [
  'ABAN',
  'AIND',
  'AOTH',
  'APKN',
  'BAFR',
  'BCRB',
  'BOTH',
  'CHNE',
  'MOTH',
  'MWAS',
  'MWBA',
  'MWBC',
  'NOBT',
  'OOTH',
  'REFU',
  'WBRI',
  'WIRI',
  'WIRT',
  'WOTH',
  'WROM',
];
const SOURCES = [
  '1A',
  '1B',
  '1C',
  '1D',
  '2A',
  '2B',
  '3A',
  '3B',
  '3C',
  '3D',
  '3E',
  '3F',
  '4',
  '5A',
  '5B',
  '5C',
  '5D',
  '6',
  '7',
  '8',
  '9',
  '10',
];
const NEEDS: readonly string[] = PRIMARY_NEEDS;
const REASONS: readonly string[] = CLOSURE_REASONS;
const UPN_UNKNOWN_SCHOOL_AGE = ['UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7'];
/** Characters 2-4 of a UPN: a post-April-1998 LA code or a recognised pseudo LA code (rule 1530, 2023-24). */
const UPN_LA_CODES = new Set<string>([
  ...range(1, 5).map((n) => String(n).padStart(3, '0')),
  ...[
    [201, 213],
    [301, 320],
    [330, 336],
    [340, 344],
    [350, 359],
    [370, 373],
    [380, 384],
    [390, 394],
    [660, 681],
    [701, 708],
    [800, 803],
    [805, 808],
    [810, 813],
    [820, 823],
    [835, 839],
    [850, 852],
    [855, 857],
    [865, 896],
    [935, 938],
    [940, 941],
  ].flatMap(([a, b]) => range(a, b).map(String)),
  ...[
    420, 815, 816, 825, 826, 830, 831, 840, 841, 845, 846, 860, 861, 908, 909, 916, 919, 921, 925, 926, 928,
    929, 931, 933, 942, 943,
  ].map(String),
]);

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
/** Adds months, clamped to the month's end (as pandas' DateOffset does). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
/** The weekday before a date (pandas' BDay(1) back). */
function previousWorkingDay(date: string): string {
  let d = addDays(date, -1);
  while ([0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay())) d = addDays(d, -1);
  return d;
}

function* eachChild(msg: CinMessage, test: (c: CinChild) => boolean) {
  for (const child of msg.children) if (test(child)) yield { child };
}
function* eachDetail(msg: CinMessage, test: (d: CinDetails, c: CinChild) => boolean) {
  for (const child of msg.children)
    for (const detail of child.cinDetails) if (test(detail, child)) yield { child, detail };
}
const isNfaFalse = (d: CinDetails) => !d.referralNFA;
const isLetterCheck = (upn: string) => upn.length === 13;

export const CIN_RULES: CinRule[] = [
  // --- Header ---
  {
    code: '100',
    message: 'Reference Date is incorrect',
    fields: ['ReferenceDate'],
    *check(msg) {
      if (msg.header.referenceDate !== `${msg.header.year}-03-31`) yield {};
    },
    streamed(header) {
      return { add: () => [], end: () => (header.referenceDate !== `${header.year}-03-31` ? [{}] : []) };
    },
  },
  // --- ChildIdentifiers ---
  {
    code: '8500',
    message: 'LA Child ID missing',
    fields: ['LAchildID'],
    check: (msg) => eachChild(msg, (c) => !c.laChildId),
  },
  {
    code: '8510',
    message: 'More than one child record with the same LA Child ID',
    fields: ['LAchildID'],
    check: (msg) => {
      const n = new Map<string, number>();
      for (const c of msg.children) n.set(c.laChildId, (n.get(c.laChildId) ?? 0) + 1);
      return eachChild(msg, (c) => n.get(c.laChildId)! > 1);
    },
    // In LAchildID order the children sharing one are next to each other: only the current run is held.
    streamed() {
      let run: CinChild[] = [];
      const close = () => {
        const hits = run.length > 1 ? run.map((child) => ({ child })) : [];
        run = [];
        return hits;
      };
      return {
        add(child) {
          const last = run[0]?.laChildId;
          if (last !== undefined && child.laChildId < last)
            throw new Error('CIN census children must come in LAchildID order');
          const hits = last === child.laChildId ? [] : close();
          run.push(child);
          return hits;
        },
        end: close,
      };
    },
  },
  {
    code: '1570',
    message: 'LA Child ID must not be longer than 20 characters',
    fields: ['LAchildID'],
    check: (msg) => eachChild(msg, (c) => c.laChildId.length > 20),
  },
  {
    code: '1580',
    message: 'LA Child ID must not contain any non-alphanumeric characters',
    fields: ['LAchildID'],
    check: (msg) => eachChild(msg, (c) => !/^[A-Za-z0-9]+$/.test(c.laChildId)),
  },
  {
    code: '1510',
    message: 'UPN invalid (wrong check letter at character 1)',
    fields: ['UPN'],
    check: (msg) => eachChild(msg, (c) => !!c.upn && isLetterCheck(c.upn) && !isValidUpn(c.upn)),
  },
  {
    code: '1520',
    message: 'More than one record with the same UPN',
    fields: ['UPN'],
    check: (msg) => {
      const n = new Map<string, number>();
      for (const c of msg.children) if (c.upn) n.set(c.upn, (n.get(c.upn) ?? 0) + 1);
      return eachChild(msg, (c) => !!c.upn && n.get(c.upn)! > 1);
    },
    streamed: (_h, _p, facts) => ({
      add: (child) => (child.upn && facts.duplicateUpns.has(child.upn) ? [{ child }] : []),
      end: () => [],
    }),
  },
  {
    code: '1530',
    message: 'UPN invalid (characters 2-4 not a recognised LA code)',
    fields: ['UPN'],
    check: (msg) =>
      eachChild(msg, (c) => !!c.upn && c.upn.length === 13 && !UPN_LA_CODES.has(c.upn.slice(1, 4))),
  },
  {
    code: '1540',
    message: 'UPN invalid (characters 5-12 not all numeric)',
    fields: ['UPN'],
    check: (msg) => eachChild(msg, (c) => !!c.upn && !/^\d{11}$/.test(c.upn.slice(1, 12))),
  },
  {
    code: '1550',
    message: 'UPN invalid (character 13 not a recognised value)',
    fields: ['UPN'],
    check: (msg) =>
      eachChild(msg, (c) => !!c.upn && !/^[0-9A-HJ-NP-RT-Z]$/.test(c.upn.slice(12, 13).toUpperCase())),
  },
  {
    code: '8520',
    message:
      'Date of Birth is after data collection period (must be on or before the end of the census period)',
    fields: ['PersonBirthDate'],
    check: (msg, p) => eachChild(msg, (c) => !!c.personBirthDate && c.personBirthDate > p.end),
  },
  {
    code: '8525',
    message: 'Either Date of Birth or Expected Date of Birth must be provided (but not both)',
    fields: ['PersonBirthDate', 'ExpectedPersonBirthDate'],
    check: (msg) => eachChild(msg, (c) => !c.personBirthDate === !c.expectedPersonBirthDate),
  },
  {
    code: '8530Q',
    message:
      'Please check: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)',
    fields: ['ExpectedPersonBirthDate', 'PersonBirthDate'],
    check: (msg, p) =>
      eachChild(
        msg,
        (c) =>
          !!c.expectedPersonBirthDate &&
          (c.expectedPersonBirthDate <= addDays(p.end, -30) ||
            c.expectedPersonBirthDate >= addMonths(p.end, 9)),
      ),
  },
  {
    code: '4180',
    message: 'Sex must be provided and equal M, F, or U',
    fields: ['Sex'],
    check: (msg) => eachChild(msg, (c) => !['M', 'F', 'U'].includes(c.sex)),
  },
  {
    code: '8750',
    message: 'Sex must equal U for an unborn child',
    fields: ['Sex'],
    check: (msg) => eachChild(msg, (c) => !c.personBirthDate && !!c.expectedPersonBirthDate && c.sex !== 'U'),
  },
  {
    code: '2886Q',
    message:
      'Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)',
    fields: ['Sex'],
    *check(msg) {
      const missing = msg.children.filter((c) => c.sex === 'U' && !c.expectedPersonBirthDate);
      if (msg.children.length && missing.length / msg.children.length > 0.02) {
        for (const child of missing) yield { child };
      }
    },
    streamed() {
      let children = 0;
      const missing: Hit[] = []; // only the children an issue would name (their ids, not the whole child)
      return {
        add(c) {
          children++;
          if (c.sex === 'U' && !c.expectedPersonBirthDate)
            missing.push({ child: { laChildId: c.laChildId, childId: c.childId } as CinChild });
          return [];
        },
        end: () => (children && missing.length / children > 0.02 ? missing : []),
      };
    },
  },
  {
    code: '8535Q',
    message: 'Please check: Child’s date of death should not be prior to the date of birth',
    fields: ['PersonDeathDate'],
    check: (msg) =>
      eachChild(
        msg,
        (c) => !!c.personDeathDate && (!c.personBirthDate || c.personDeathDate < c.personBirthDate),
      ),
  },
  {
    code: '8545Q',
    message: 'Please check: Child’s date of death should be within the census year',
    fields: ['PersonDeathDate'],
    check: (msg, p) =>
      eachChild(
        msg,
        (c) => !!c.personDeathDate && (c.personDeathDate < p.start || c.personDeathDate > p.end),
      ),
  },
  {
    code: '8770Q',
    message:
      'Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.',
    fields: ['UPN', 'UPNunknown'],
    check: (msg, p) => {
      // School age: born on or before 31 August four years before the reference date's year.
      const schoolAge = addMonths(addDays(addMonths(p.end, 4), 31), -48);
      return eachChild(
        msg,
        (c) =>
          !!c.personBirthDate &&
          c.personBirthDate <= schoolAge &&
          c.cinDetails.some(isNfaFalse) &&
          !c.upn &&
          !UPN_UNKNOWN_SCHOOL_AGE.includes(c.upnUnknown ?? ''),
      );
    },
  },
  {
    code: '8772',
    message:
      'UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action',
    fields: ['UPNunknown'],
    check: (msg) => eachChild(msg, (c) => c.upnUnknown === 'UN7' && c.cinDetails.some(isNfaFalse)),
  },
  {
    code: '8775Q',
    message: 'Please check: Child is over 25 years old',
    fields: ['PersonBirthDate'],
    check: (msg, p) =>
      eachChild(msg, (c) => {
        if (!c.personBirthDate) return false;
        const turns25 = addMonths(c.personBirthDate, 300);
        return turns25 < p.end && c.cinDetails.some((d) => !d.closureDate || turns25 < d.closureDate);
      }),
  },
  // --- ChildCharacteristics ---
  {
    code: '4220',
    message: 'Ethnicity is missing or invalid (see Ethnicity table)',
    fields: ['Ethnicity'],
    check: (msg) => eachChild(msg, (c) => !ETHNICITIES.includes(c.ethnicity)),
  },
  {
    code: '8540',
    message: 'Child’s disability is missing or invalid (see Disability table)',
    fields: ['Disability'],
    check: (msg) =>
      eachChild(
        msg,
        (c) =>
          !!c.personBirthDate &&
          c.cinDetails.some(isNfaFalse) &&
          (!c.disabilities.length || c.disabilities.some((d) => !DISABILITIES.includes(d))),
      ),
  },
  {
    code: '8790',
    message: 'Disability information includes both None and other values',
    fields: ['Disability'],
    check: (msg) => eachChild(msg, (c) => c.disabilities.includes('NONE') && c.disabilities.length > 1),
  },
  {
    code: '8794',
    message: 'Child has two or more disabilities with the same code',
    fields: ['Disability'],
    check: (msg) => eachChild(msg, (c) => new Set(c.disabilities).size < c.disabilities.length),
  },
  {
    code: '2887Q',
    message: 'Please check: Less than 8 disability codes have been used in your return',
    fields: ['Disability'],
    *check(msg) {
      const used = new Set(msg.children.flatMap((c) => c.disabilities).filter((d) => d !== 'NONE'));
      if (used.size <= 7) yield {};
    },
    streamed() {
      const used = new Set<string>();
      return {
        add(c) {
          for (const d of c.disabilities) if (d !== 'NONE') used.add(d);
          return [];
        },
        end: () => (used.size <= 7 ? [{}] : []),
      };
    },
  },
  {
    code: '2888Q',
    message:
      'Please check: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.',
    fields: ['Disability'],
    *check(msg) {
      if (!msg.children.some((c) => c.disabilities.filter((d) => d !== 'NONE').length > 1)) yield {};
    },
    streamed() {
      let some = false;
      return {
        add(c) {
          some ||= c.disabilities.filter((d) => d !== 'NONE').length > 1;
          return [];
        },
        end: () => (some ? [] : [{}]),
      };
    },
  },
  // --- CINdetails ---
  {
    code: '8590',
    message: 'Child does not have a recorded CIN episode.',
    fields: ['CINreferralDate'],
    check: (msg) => eachChild(msg, (c) => c.cinDetails.length === 0),
  },
  {
    code: '8606',
    message: 'Child referral date is more than 40 weeks before DOB or expected DOB',
    fields: ['CINreferralDate', 'PersonBirthDate', 'ExpectedPersonBirthDate'],
    check: (msg) =>
      eachDetail(msg, (d, c) => {
        const born = c.personBirthDate ?? c.expectedPersonBirthDate;
        return !!born && d.referralDate < addDays(born, -280);
      }),
  },
  {
    code: '8555',
    message: 'Child cannot be referred after its recorded date of death',
    fields: ['CINreferralDate', 'PersonDeathDate'],
    check: (msg) => eachDetail(msg, (d, c) => !!c.personDeathDate && c.personDeathDate < d.referralDate),
  },
  {
    code: '8610',
    message: 'Primary Need code is missing for a referral which led to further action',
    fields: ['PrimaryNeedCode'],
    check: (msg) => eachDetail(msg, (d) => !d.referralNFA && !d.primaryNeedCode),
  },
  {
    code: '8650',
    message: 'Primary Need Code invalid (see Primary Need table in CIN census code set)',
    fields: ['PrimaryNeedCode'],
    check: (msg) => eachDetail(msg, (d) => !!d.primaryNeedCode && !NEEDS.includes(d.primaryNeedCode)),
  },
  {
    code: '8866',
    message: 'Source of Referral is missing or an invalid code',
    fields: ['ReferralSource'],
    check: (msg) =>
      eachDetail(msg, (d) => d.referralDate >= '2013-04-01' && !SOURCES.includes(d.referralSource)),
  },
  {
    code: '8569',
    message:
      'A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case',
    fields: ['ReferralNFA', 'CINreferralDate'],
    check: (msg, p) => eachDetail(msg, (d) => d.referralNFA && d.referralDate < previousWorkingDay(p.start)),
  },
  {
    code: '8568',
    message: 'RNFA flag is missing or invalid',
    fields: ['ReferralNFA'],
    check: (msg) => eachDetail(msg, (d) => typeof d.referralNFA !== 'boolean'),
  },
  {
    code: '8620',
    message: 'CIN Closure Date present and does not fall within the Census year',
    fields: ['CINclosureDate'],
    check: (msg, p) =>
      eachDetail(msg, (d) => !!d.closureDate && (d.closureDate < p.start || d.closureDate > p.end)),
  },
  {
    code: '8630',
    message: 'CIN Closure Date is before CIN Referral Date for the same CIN episode',
    fields: ['CINclosureDate', 'CINreferralDate'],
    check: (msg) => eachDetail(msg, (d) => !!d.closureDate && d.closureDate < d.referralDate),
  },
  {
    code: '8640',
    message: 'CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)',
    fields: ['ReasonForClosure'],
    check: (msg) => eachDetail(msg, (d) => !!d.reasonForClosure && !REASONS.includes(d.reasonForClosure)),
  },
  {
    code: '8805',
    message: 'A CIN case cannot have a CIN closure date without a Reason for Closure',
    fields: ['ReasonForClosure'],
    check: (msg) => eachDetail(msg, (d) => !!d.closureDate && !d.reasonForClosure),
  },
  {
    code: '8810',
    message: 'A CIN case cannot have a Reason for Closure without a CIN Closure Date',
    fields: ['CINclosureDate'],
    check: (msg) => eachDetail(msg, (d) => !d.closureDate && !!d.reasonForClosure),
  },
  {
    code: '8825Q',
    message:
      'Reason for Closure code RC8 (case closed after assessment) has been returned but there is no assessment present for the episode.',
    fields: ['ReasonForClosure'],
    // The front door sends no assessments: RC8 always lacks one.
    check: (msg) => eachDetail(msg, (d) => d.reasonForClosure === 'RC8'),
  },
  {
    code: '8585Q',
    message:
      'Please check: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death',
    fields: ['PersonDeathDate'],
    check: (msg) => eachDetail(msg, (d, c) => d.reasonForClosure === 'RC2' && !c.personDeathDate),
  },
  {
    code: '8815',
    message:
      'More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.',
    fields: ['CINclosureDate'],
    check: (msg) =>
      eachChild(msg, (c) => c.cinDetails.filter((d) => !d.closureDate && !d.referralNFA).length > 1),
  },
  {
    code: '8816',
    message:
      'An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.',
    fields: ['CINclosureDate', 'CINreferralDate'],
    check: (msg) =>
      eachDetail(
        msg,
        (d, c) =>
          !d.closureDate && !d.referralNFA && c.cinDetails.some((o) => o.referralDate > d.referralDate),
      ),
  },
  {
    code: '8820',
    message: 'The dates on the CIN episodes for this child overlap',
    fields: ['CINreferralDate', 'CINclosureDate'],
    check: (msg, p) =>
      eachDetail(msg, (a, c) =>
        c.cinDetails.some(
          (b) =>
            b !== a &&
            a.referralDate >= b.referralDate &&
            ((!!b.closureDate && a.referralDate <= b.closureDate) ||
              (!b.closureDate && !b.referralNFA && a.referralDate <= p.end)),
        ),
      ),
  },
];

const isQuery = (code: string) => code.endsWith('Q');

function issueOf(rule: CinRule, hit: Hit): CinIssue {
  return {
    code: rule.code,
    type: isQuery(rule.code) ? 'query' : 'error',
    message: rule.message,
    ...(hit.child ? { laChildId: hit.child.laChildId, childId: hit.child.childId } : {}),
    fields: rule.fields,
  };
}

/** Runs every rule over the message; each issue names its rule, the child and the fields at fault. */
export function validateCinMessage(msg: CinMessage, period: CensusPeriod, rules = CIN_RULES): CinIssue[] {
  const issues: CinIssue[] = [];
  for (const rule of rules) for (const hit of rule.check(msg, period)) issues.push(issueOf(rule, hit));
  return issues;
}

/**
 * The same rules over a message fed a page of children at a time in LAchildID order (the census streamed):
 * the same issues in the same order as `validateCinMessage` on the whole message. Holds the issues only
 * when asked to (`keep`), else just their numbers, so memory does not grow with the return.
 */
export class CinStreamValidation {
  private readonly streamed: (StreamedCheck | null)[];
  private readonly issues: CinIssue[][];
  readonly counts = { children: 0, cinDetails: 0, errors: 0, queries: 0 };

  constructor(
    private readonly header: CinHeader,
    private readonly period: CensusPeriod,
    facts: CinReturnFacts,
    private readonly keep: boolean,
    private readonly rules = CIN_RULES,
  ) {
    this.streamed = rules.map((r) => r.streamed?.(header, period, facts) ?? null);
    this.issues = rules.map(() => []);
  }

  add(children: CinChild[]): void {
    for (const child of children) {
      this.counts.children++;
      this.counts.cinDetails += child.cinDetails.length;
      const alone: CinMessage = { header: this.header, children: [child] };
      this.rules.forEach((rule, i) => {
        const s = this.streamed[i];
        this.record(i, s ? s.add(child) : rule.check(alone, this.period));
      });
    }
  }

  /** Every issue (none unless `keep`), by rule then child as `validateCinMessage` gives them. */
  end(): CinIssue[] {
    this.streamed.forEach((s, i) => s && this.record(i, s.end()));
    return this.issues.flat();
  }

  private record(i: number, hits: Iterable<Hit>): void {
    const rule = this.rules[i];
    for (const hit of hits) {
      if (isQuery(rule.code)) this.counts.queries++;
      else this.counts.errors++;
      if (this.keep) this.issues[i].push(issueOf(rule, hit));
    }
  }
}
