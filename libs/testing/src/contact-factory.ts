/**
 * A date of birth `years` before this year (on 14 March): a child of that age whatever the day the tests run,
 * since a contact about someone aged 18 or more is refused.
 */
export function dateOfBirthAged(years: number, monthDay = '03-14'): string {
  return `${new Date().getUTCFullYear() - years}-${monthDay}`;
}

/** The default child's date of birth: about ten years old. */
export const CHILD_DATE_OF_BIRTH = dateOfBirthAged(10);

/** A valid canonical contact body (contact-api.md), with overrides merged one level deep per section. */
export function contactBody(
  overrides: {
    source?: object;
    child?: object;
    concerns?: object;
    consent?: string;
    [k: string]: unknown;
  } = {},
) {
  const { source, child, concerns, ...rest } = overrides;
  return {
    source: {
      agency: 'school',
      organisation: 'Cherwell Valley Primary School',
      referrer: {
        name: 'A. Patel',
        role: 'Designated Safeguarding Lead',
        phone: '01865 000000',
        email: 'dsl@example.org',
      },
      ...source,
    },
    child: {
      firstName: 'Maya',
      lastName: 'Okafor',
      dateOfBirth: CHILD_DATE_OF_BIRTH,
      gender: 'female',
      nhsNumber: '9434765919',
      address: { line1: '1 Example Road', town: 'Banbury', postcode: 'OX16 1AA' },
      ...child,
    },
    concerns: {
      indicators: ['attendance_persistent_absence'],
      summary: 'Attendance has fallen this term.',
      immediateRisk: false,
      allegedPerpetratorHasAccess: false,
      ...concerns,
    },
    consent: 'given',
    ...rest,
  };
}

/**
 * A valid NHS number (Modulus 11) for a seed, distinct for distinct seeds, so tests can make many children.
 * Seeds map to even nine-digit bases; when a base has no valid check digit (10), the odd base after it does.
 */
export function nhsNumberFor(seed: number): string {
  const base = 100000000 + ((seed * 2) % 800000000);
  for (const nine of [String(base), String(base + 1)]) {
    const sum = [...nine].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check !== 10) return nine + String(check === 11 ? 0 : check);
  }
  throw new Error('unreachable: consecutive bases cannot both lack a check digit');
}
