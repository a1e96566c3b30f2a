import fc from 'fast-check';
import { DateTime } from 'luxon';
import {
  CONSENTS,
  GENDERS,
  isOrganisationRequired,
  isReferrerRequired,
  serviceDateOf,
  SOURCE_AGENCIES,
  upnCheckLetter,
  UPN_CHECK_LETTERS,
  type SourceAgency,
} from '@app/contracts';

/**
 * fast-check generators of canonical contact bodies (contact-api.md): valid ones, and valid ones with a
 * single field corrupted, each corruption paired with the one `errors[].path` it must be reported at.
 * Shared by the unit property tests of validateContact and the property tests through HTTP.
 */

export interface ContactArbitraryOptions {
  /** When the contact is received: ages, due dates and "not in the future" are judged at it. */
  receivedAt: Date;
  /** The indicator codes of the criteria in force. */
  indicatorCodes: readonly string[];
  /**
   * Days kept clear of every date boundary (the 18th birthday, today, the 10-month due-date limit). 0 for a
   * fixed receivedAt; 1 or more when the server's own clock decides receipt (it may have moved on a day).
   */
  marginDays?: number;
}

export type ContactBody = Record<string, any>;

export interface CorruptedContact {
  /** Which corruption was applied (for failure reports). */
  corruption: string;
  body: ContactBody;
  /** The one path the validator must name. */
  path: string;
  /** 400 for a malformed body (unknown field, wrong JSON type), 422 for a broken rule. */
  status: 400 | 422;
}

const NAME_CHARS = [
  ...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  ...'ÀÉÎÕÜàéîõüçñßŁłŞşĞğØøÆæ',
  ' ',
  '-',
  "'",
  '.',
];

/** 1 to `max` characters of realistic name text, not blank. */
export const nameArb = (max = 100) =>
  fc
    .string({ unit: fc.constantFrom(...NAME_CHARS), minLength: 1, maxLength: max })
    .filter((s) => s.trim().length > 0);

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n });

/** NHS Modulus 11 check digit of nine digits, or null when none is valid (10). */
export function nhsCheckDigit(nine: string): number | null {
  const sum = [...nine].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  return check === 10 ? null : check === 11 ? 0 : check;
}

/** A valid NHS number, as 10 digits or spaced 3-3-4 (the contract removes spaces). */
export const nhsNumberArb = fc
  .tuple(
    digits(9)
      .map((d) => d.join(''))
      .filter((nine) => nhsCheckDigit(nine) !== null),
    fc.boolean(),
  )
  .map(([nine, spaced]) => {
    const ten = nine + String(nhsCheckDigit(nine));
    return spaced ? `${ten.slice(0, 3)} ${ten.slice(3, 6)} ${ten.slice(6)}` : ten;
  });

/** A valid UPN: check letter, 11 digits, then a digit or (temporary UPN) a check-alphabet letter. */
export const upnArb = fc
  .tuple(
    digits(11),
    fc.oneof(fc.integer({ min: 0, max: 9 }).map(String), fc.constantFrom(...UPN_CHECK_LETTERS)),
  )
  .map(([eleven, last]) => {
    const body = eleven.join('') + last;
    return upnCheckLetter(body) + body;
  });

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const letter = fc.constantFrom(...LETTERS);
const digit = fc.integer({ min: 0, max: 9 }).map(String);

/** A well-formed UK postcode in canonical form (A9 9AA ... AA9A 9AA, or GIR 0AA). */
export const canonicalPostcodeArb = fc.oneof(
  {
    weight: 20,
    arbitrary: fc
      .tuple(
        fc.oneof(
          fc.tuple(letter, digit).map((p) => p.join('')),
          fc.tuple(letter, digit, digit).map((p) => p.join('')),
          fc.tuple(letter, digit, letter).map((p) => p.join('')),
          fc.tuple(letter, letter, digit).map((p) => p.join('')),
          fc.tuple(letter, letter, digit, digit).map((p) => p.join('')),
          fc.tuple(letter, letter, digit, letter).map((p) => p.join('')),
        ),
        fc.tuple(digit, letter, letter).map((p) => p.join('')),
      )
      .map(([outward, inward]) => `${outward} ${inward}`),
  },
  { weight: 1, arbitrary: fc.constant('GIR 0AA') },
);

/** The same postcode in any case and spacing. */
export const postcodeArb = fc
  .tuple(
    canonicalPostcodeArb,
    fc.constantFrom('upper', 'lower', 'mixed'),
    fc.constantFrom('', ' ', '  ', '\t'),
    fc.constantFrom('', ' '),
    fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
  )
  .map(([pc, casing, gap, edge, flips]) => {
    const [outward, inward] = pc.split(' ');
    let text = `${edge}${outward}${gap}${inward}${edge}`;
    if (casing === 'lower') text = text.toLowerCase();
    if (casing === 'mixed') text = [...text].map((c, i) => (flips[i % 8] ? c.toLowerCase() : c)).join('');
    return text;
  });

const phoneArb = fc.oneof(
  digits(6).map((d) => `01865 ${d.join('')}`),
  digits(6).map((d) => `+44 7700 ${d.slice(0, 3).join('')}${d.slice(3).join('')}`),
  digits(8).map((d) => `(0121) ${d.join('').slice(0, 4)}-${d.join('').slice(4)}`),
);

const emailArb = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]{1,12}$/),
    fc.option(fc.stringMatching(/^[a-z0-9]{1,8}$/), { nil: undefined }),
    fc.constantFrom('example.org', 'example.nhs.uk', 'school.example.sch.uk'),
  )
  .map(([a, b, domain]) => `${a}${b ? `.${b}` : ''}@${domain}`);

const referrerArb = fc
  .record(
    {
      name: nameArb(100),
      role: fc.constantFrom('Designated Safeguarding Lead', 'Health Visitor', 'PC', 'GP', 'Neighbour'),
      phone: phoneArb,
      email: emailArb,
    },
    { requiredKeys: ['name', 'role'] },
  )
  .filter((r) => r.phone !== undefined || r.email !== undefined);

const sourceArb = fc.constantFrom(...SOURCE_AGENCIES).chain((agency: SourceAgency) =>
  fc
    .record({
      organisation: isOrganisationRequired(agency)
        ? nameArb(200)
        : fc.option(nameArb(200), { nil: undefined }),
      referrer: isReferrerRequired(agency) ? referrerArb : fc.option(referrerArb, { nil: undefined }),
    })
    .map((rest) => withoutUndefined({ agency, ...rest })),
);

/** Days as ISO dates relative to the service day of receipt. */
function dayRange(from: DateTime, to: DateTime) {
  const span = Math.floor(to.diff(from, 'days').days);
  return fc
    .integer({ min: 0, max: Math.max(0, span) })
    .map((n) => from.plus({ days: n }).toISODate() as string);
}

function today(opts: ContactArbitraryOptions): DateTime {
  return DateTime.fromISO(serviceDateOf(opts.receivedAt), { zone: 'utc' });
}

/** A date of birth in the past (today counts) with the child under 18 on the day of receipt. */
export function dateOfBirthArb(opts: ContactArbitraryOptions) {
  const m = opts.marginDays ?? 0;
  const t = today(opts);
  return dayRange(t.minus({ years: 18 }).plus({ days: 1 + m }), t.minus({ days: m }));
}

/** An expected date of birth from today to 10 months ahead. */
export function expectedDateOfBirthArb(opts: ContactArbitraryOptions) {
  const m = opts.marginDays ?? 0;
  const t = today(opts);
  return dayRange(t.plus({ days: m }), t.plus({ months: 10 }).minus({ days: m }));
}

const addressArb = fc.record(
  {
    line1: fc.constantFrom('1 Example Road', 'Flat 3, 22 High Street', "St Mary's Close"),
    town: fc.constantFrom('Banbury', 'Oxford', 'Bicester', 'Witney', 'Reading'),
    postcode: postcodeArb,
  },
  { requiredKeys: ['postcode'] },
);

function childArb(opts: ContactArbitraryOptions) {
  const optional = {
    gender: fc.constantFrom(...GENDERS),
    nhsNumber: nhsNumberArb,
    upn: upnArb,
    address: addressArb,
  };
  const born = fc.record(
    { firstName: nameArb(), lastName: nameArb(), dateOfBirth: dateOfBirthArb(opts), ...optional },
    { requiredKeys: ['firstName', 'lastName', 'dateOfBirth'] },
  );
  const unborn = fc.record(
    {
      firstName: nameArb(),
      lastName: nameArb(),
      expectedDateOfBirth: expectedDateOfBirthArb(opts),
      ...optional,
    },
    { requiredKeys: ['lastName', 'expectedDateOfBirth'] },
  );
  return fc.oneof({ weight: 4, arbitrary: born }, { weight: 1, arbitrary: unborn });
}

function concernsArb(opts: ContactArbitraryOptions) {
  return fc.record(
    {
      indicators: fc.shuffledSubarray([...opts.indicatorCodes], { minLength: 0, maxLength: 8 }),
      summary: fc.oneof(
        nameArb(200),
        fc.integer({ min: 1, max: 10_000 }).map((n) => 'x'.repeat(n)),
        fc.constant('y'.repeat(10_000)),
      ),
      immediateRisk: fc.boolean(),
      allegedPerpetratorHasAccess: fc.boolean(),
    },
    { requiredKeys: ['summary'] },
  );
}

/** A valid canonical contact body, judged at opts.receivedAt. */
export function validContactArb(opts: ContactArbitraryOptions): fc.Arbitrary<ContactBody> {
  const occurredAt = fc
    .integer({ min: (opts.marginDays ?? 0) * 60_000, max: 30 * 24 * 3600 * 1000 })
    .map((ms) => new Date(opts.receivedAt.getTime() - ms).toISOString());
  return fc.record(
    {
      source: sourceArb,
      child: childArb(opts),
      concerns: concernsArb(opts),
      consent: fc.constantFrom(...CONSENTS),
      occurredAt,
    },
    { requiredKeys: ['source', 'child', 'concerns', 'consent'] },
  );
}

type Corrupt = (
  body: ContactBody,
  opts: ContactArbitraryOptions,
) => fc.Arbitrary<Omit<CorruptedContact, 'corruption' | 'body'> & { body: ContactBody }> | null;

const clone = (body: ContactBody): ContactBody => structuredClone(body);
const rule = (body: ContactBody, path: string) => ({ body, path, status: 422 as const });
const shape = (body: ContactBody, path: string) => ({ body, path, status: 400 as const });

/** Sets a date of birth (and so removes any expected one; a born child needs a first name). */
function withDob(body: ContactBody, dob: string): ContactBody {
  const b = clone(body);
  delete b.child.expectedDateOfBirth;
  b.child.dateOfBirth = dob;
  b.child.firstName ??= 'Sam';
  return b;
}

const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': ['source', 'child', 'concerns', 'consent', 'occurredAt', 'householdRef'],
  source: ['agency', 'organisation', 'referrer'],
  'source.referrer': ['name', 'role', 'phone', 'email'],
  child: [
    'firstName',
    'lastName',
    'dateOfBirth',
    'expectedDateOfBirth',
    'gender',
    'nhsNumber',
    'upn',
    'address',
  ],
  'child.address': ['line1', 'town', 'postcode'],
  concerns: ['indicators', 'summary', 'immediateRisk', 'allegedPerpetratorHasAccess'],
};

function at(body: ContactBody, path: string): ContactBody | undefined {
  return path === '' ? body : path.split('.').reduce<any>((node, key) => node?.[key], body);
}

const junkDigitsArb = fc.stringMatching(/^[0-9]{1,6}$/);
const indicatorLikeArb = fc.stringMatching(/^[a-z][a-z_]{0,30}$/);
const fieldNameArb = fc.stringMatching(/^[a-z][a-zA-Z0-9]{0,15}$/);
const anyJsonArb = fc.jsonValue({ maxDepth: 2 });

/** Every single-field corruption, by name. Each returns null where it does not apply to the body. */
export const CORRUPTIONS: Readonly<Record<string, Corrupt>> = {
  'NHS number with a wrong check digit': (body) =>
    fc.tuple(nhsNumberArb, fc.integer({ min: 1, max: 9 })).map(([nhs, delta]) => {
      const b = clone(body);
      const check = (Number(nhs.slice(-1)) + delta) % 10;
      b.child.nhsNumber = nhs.slice(0, -1) + String(check);
      return rule(b, 'child.nhsNumber');
    }),
  'NHS number with nine digits': (body) =>
    nhsNumberArb.map((nhs) => {
      const b = clone(body);
      b.child.nhsNumber = nhs.replace(/ /g, '').slice(0, 9);
      return rule(b, 'child.nhsNumber');
    }),
  'UPN with a wrong check letter': (body) =>
    fc.tuple(upnArb, fc.integer({ min: 1, max: 22 })).map(([upn, delta]) => {
      const b = clone(body);
      const wrong = UPN_CHECK_LETTERS[(UPN_CHECK_LETTERS.indexOf(upn[0]) + delta) % 23];
      b.child.upn = wrong + upn.slice(1);
      return rule(b, 'child.upn');
    }),
  'malformed postcode': (body) =>
    fc
      .tuple(
        canonicalPostcodeArb,
        fc.constantFrom('drop last', 'digit for letter', 'outward only', 'digits'),
        junkDigitsArb,
      )
      .map(([pc, how, junk]) => {
        const b = clone(body);
        const bad =
          how === 'drop last'
            ? pc.slice(0, -1)
            : how === 'digit for letter'
              ? pc.slice(0, -1) + '7'
              : how === 'outward only'
                ? pc.split(' ')[0]
                : junk;
        b.child.address = { ...(b.child.address ?? {}), postcode: bad };
        return rule(b, 'child.address.postcode');
      }),
  'address without a postcode': (body) =>
    fc.constant(null).map(() => {
      const b = clone(body);
      b.child.address = { line1: '1 Example Road', town: 'Banbury' };
      return rule(b, 'child.address.postcode');
    }),
  'unknown indicator': (body, opts) =>
    fc
      .tuple(
        indicatorLikeArb.filter((c) => !opts.indicatorCodes.includes(c)),
        fc.nat(),
      )
      .map(([code, n]) => {
        const b = clone(body);
        const list: string[] = [...(b.concerns.indicators ?? [])];
        const i = n % (list.length + 1);
        list.splice(i, 0, code);
        b.concerns.indicators = list;
        return rule(b, `concerns.indicators[${i}]`);
      }),
  'duplicate indicator': (body) => {
    const list: string[] = body.concerns.indicators ?? [];
    if (list.length === 0) return null;
    return fc.tuple(fc.nat(), fc.nat()).map(([j0, k0]) => {
      const b = clone(body);
      const j = j0 % list.length;
      const k = j + 1 + (k0 % (list.length - j)); // after the first occurrence
      const copy = [...list];
      copy.splice(k, 0, list[j]);
      b.concerns.indicators = copy;
      return rule(b, `concerns.indicators[${k}]`);
    });
  },
  'date of birth in the future': (body, opts) =>
    fc
      .integer({ min: 1 + (opts.marginDays ?? 0), max: 2000 })
      .map((n) =>
        rule(withDob(body, today(opts).plus({ days: n }).toISODate() as string), 'child.dateOfBirth'),
      ),
  'child aged 18 or over': (body, opts) =>
    fc
      .integer({ min: opts.marginDays ?? 0, max: 365 * 40 })
      .map((n) =>
        rule(
          withDob(body, today(opts).minus({ years: 18, days: n }).toISODate() as string),
          'child.dateOfBirth',
        ),
      ),
  'date of birth not a real date': (body) =>
    fc
      .constantFrom('2019-02-29', '2020-13-01', '2020-04-31', '14/03/2016', '2016-3-14')
      .map((d) => rule(withDob(body, d), 'child.dateOfBirth')),
  'both dateOfBirth and expectedDateOfBirth': (body, opts) =>
    fc.tuple(dateOfBirthArb(opts), expectedDateOfBirthArb(opts)).map(([dob, due]) => {
      const b = clone(body);
      Object.assign(b.child, { dateOfBirth: dob, expectedDateOfBirth: due });
      b.child.firstName ??= 'Sam';
      return rule(b, 'child.expectedDateOfBirth');
    }),
  'neither dateOfBirth nor expectedDateOfBirth': (body) => {
    if (body.child.firstName === undefined) return null;
    const b = clone(body);
    delete b.child.dateOfBirth;
    delete b.child.expectedDateOfBirth;
    return fc.constant(rule(b, 'child.dateOfBirth'));
  },
  'expected date of birth over 10 months away': (body, opts) =>
    fc.integer({ min: 1 + (opts.marginDays ?? 0), max: 2000 }).map((n) => {
      const b = clone(body);
      delete b.child.dateOfBirth;
      b.child.expectedDateOfBirth = today(opts).plus({ months: 10, days: n }).toISODate();
      return rule(b, 'child.expectedDateOfBirth');
    }),
  // The contract allows an expected date up to 6 weeks past (an overdue pregnancy): 42 days.
  'expected date of birth more than 6 weeks past': (body, opts) =>
    fc.integer({ min: 43 + (opts.marginDays ?? 0), max: 2000 }).map((n) => {
      const b = clone(body);
      delete b.child.dateOfBirth;
      b.child.expectedDateOfBirth = today(opts).minus({ days: n }).toISODate();
      return rule(b, 'child.expectedDateOfBirth');
    }),
  'first name missing for a born child': (body) => {
    if (body.child.dateOfBirth === undefined) return null;
    const b = clone(body);
    delete b.child.firstName;
    return fc.constant(rule(b, 'child.firstName'));
  },
  'last name blank': (body) =>
    fc.constantFrom('', ' ', '   ', '\t').map((blank) => {
      const b = clone(body);
      b.child.lastName = blank;
      return rule(b, 'child.lastName');
    }),
  'last name over 100 characters': (body) =>
    fc.integer({ min: 101, max: 300 }).map((n) => {
      const b = clone(body);
      b.child.lastName = 'O'.repeat(n);
      return rule(b, 'child.lastName');
    }),
  'gender outside the contract': (body) =>
    fc.constantFrom('F', 'M', 'Female', 'boy', 'girl', 'x').map((g) => {
      const b = clone(body);
      b.child.gender = g;
      return rule(b, 'child.gender');
    }),
  'unknown field at a random level': (body) => {
    const levels = Object.keys(KNOWN_FIELDS).filter((p) => {
      const node = at(body, p);
      return node !== null && typeof node === 'object';
    });
    return fc
      .tuple(fc.constantFrom(...levels), fieldNameArb, anyJsonArb)
      .filter(([level, key]) => !KNOWN_FIELDS[level].includes(key))
      .map(([level, key, value]) => {
        const b = clone(body);
        (at(b, level) as ContactBody)[key] = value;
        return shape(b, level === '' ? key : `${level}.${key}`);
      });
  },
  'summary over 10000 characters': (body) =>
    fc.integer({ min: 10_001, max: 12_000 }).map((n) => {
      const b = clone(body);
      b.concerns.summary = 's'.repeat(n);
      return rule(b, 'concerns.summary');
    }),
  'summary missing': (body) => {
    const b = clone(body);
    delete b.concerns.summary;
    return fc.constant(rule(b, 'concerns.summary'));
  },
  'boolean given as text': (body) =>
    fc
      .tuple(
        fc.constantFrom('immediateRisk', 'allegedPerpetratorHasAccess'),
        fc.constantFrom('yes', 'true', 'false'),
      )
      .map(([field, text]) => {
        const b = clone(body);
        b.concerns[field] = text;
        return shape(b, `concerns.${field}`);
      }),
  'consent outside the contract': (body) =>
    fc.constantFrom('yes', 'no', 'GIVEN', 'Given', 'not asked', '').map((consent) => {
      const b = clone(body);
      b.consent = consent;
      return rule(b, 'consent');
    }),
  'consent missing': (body) => {
    const b = clone(body);
    delete b.consent;
    return fc.constant(rule(b, 'consent'));
  },
  'unknown agency': (body) =>
    fc.constantFrom('church', 'School', 'POLICE', 'gp', 'social_care', '').map((agency) => {
      const b = clone(body);
      b.source.agency = agency;
      return rule(b, 'source.agency');
    }),
  'referrer missing for a non-anonymous agency': (body) => {
    if (!isReferrerRequired(body.source.agency)) return null;
    const b = clone(body);
    delete b.source.referrer;
    return fc.constant(rule(b, 'source.referrer'));
  },
  'organisation missing where required': (body) => {
    if (!isOrganisationRequired(body.source.agency)) return null;
    const b = clone(body);
    delete b.source.organisation;
    return fc.constant(rule(b, 'source.organisation'));
  },
  'referrer with neither phone nor email': (body) => {
    if (body.source.referrer === undefined) return null;
    const b = clone(body);
    delete b.source.referrer.phone;
    delete b.source.referrer.email;
    return fc.constant(rule(b, 'source.referrer.phone'));
  },
  'referrer without a role': (body) => {
    if (body.source.referrer === undefined) return null;
    const b = clone(body);
    delete b.source.referrer.role;
    return fc.constant(rule(b, 'source.referrer.role'));
  },
  'occurredAt in the future': (body, opts) =>
    fc.integer({ min: 1000 + (opts.marginDays ?? 0) * 86_400_000, max: 400 * 86_400_000 }).map((ms) => {
      const b = clone(body);
      b.occurredAt = new Date(opts.receivedAt.getTime() + ms).toISOString();
      return rule(b, 'occurredAt');
    }),
};

/** A valid body with exactly one field corrupted, and the path (and status) the validator must answer. */
export function corruptedContactArb(opts: ContactArbitraryOptions): fc.Arbitrary<CorruptedContact> {
  const names = Object.keys(CORRUPTIONS);
  // Pick a corruption first and build only its arbitrary; one that does not apply to the body falls
  // through to the next in the list (some always apply), so every body gets exactly one corruption.
  return fc.tuple(validContactArb(opts), fc.nat({ max: names.length - 1 })).chain(([body, first]) => {
    for (let n = 0; n < names.length; n++) {
      const name = names[(first + n) % names.length];
      const arb = CORRUPTIONS[name](body, opts);
      if (arb) return arb.map((c): CorruptedContact => ({ corruption: name, ...c }));
    }
    throw new Error('unreachable: some corruptions apply to every body');
  });
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
