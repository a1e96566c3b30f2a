import { validateContact, type ContactValidationResult } from './validate-contact';

// Section 1 of duty-criteria.md (version 2026-1). The service passes the codes of the version in force.
const INDICATORS = new Set([
  'sexual_abuse_disclosure',
  'sexual_abuse_suspected',
  'physical_abuse_injury',
  'injury_non_mobile_infant',
  'fgm_known_or_risk',
  'fabricated_illness_suspected',
  'child_abandoned_or_left_alone',
  'exploitation_cse_cce',
  'missing_child_current',
  'forced_marriage_risk',
  'trafficking_modern_slavery',
  'unaccompanied_asylum_seeking_child',
  'sexual_activity_under_13',
  'parent_threat_to_harm_child',
  'domestic_abuse_high_risk',
  'neglect_severe',
  'unborn_previous_child_removed',
  'missing_episodes_repeat',
  'radicalisation_risk',
  'domestic_abuse_medium_risk',
  'parental_substance_misuse',
  'parental_mental_health',
  'neglect_persistent',
  'unborn_concern',
  'family_breakdown_risk',
  'homelessness',
  'self_harm',
  'substance_misuse_child',
  'pregnancy_under_16',
  'attendance_severe_absence',
  'exclusion_permanent',
  'child_missing_education',
  'youth_offending',
  'gang_association',
  'domestic_abuse_standard_risk',
  'neglect_emerging',
  'parental_learning_disability',
  'financial_hardship',
  'parental_imprisonment',
  'bereavement',
  'parenting_support_need',
  'emotional_wellbeing_concern',
  'disability_unmet_needs',
  'young_carer',
  'missed_health_appointments',
  'developmental_delay_concern',
  'attendance_persistent_absence',
  'exclusion_suspension_repeat',
  'behaviour_concern_school',
  'elective_home_education_concern',
  'antisocial_behaviour',
]);

/** Received two minutes after the example's occurredAt; 20 November 2026 in London (GMT). */
const RECEIVED_AT = new Date('2026-11-20T15:12:03.120Z');

// The example body of contact-api.md, verbatim.
const SPEC_EXAMPLE = `{
  "source": {
    "agency": "school",
    "organisation": "Cherwell Valley Primary School",
    "referrer": { "name": "A. Patel", "role": "Designated Safeguarding Lead", "phone": "01865 000000", "email": "dsl@example.org" }
  },
  "child": {
    "firstName": "Maya", "lastName": "Okafor", "dateOfBirth": "2016-03-14", "gender": "female",
    "nhsNumber": "9434765919", "upn": "A123456789012",
    "address": { "line1": "1 Example Road", "town": "Banbury", "postcode": "OX16 1AA" }
  },
  "concerns": {
    "indicators": ["attendance_persistent_absence", "neglect_emerging"],
    "summary": "Free text, up to 10000 characters.",
    "immediateRisk": false,
    "allegedPerpetratorHasAccess": false
  },
  "consent": "given",
  "occurredAt": "2026-11-20T15:10:00Z"
}`;

type Body = Record<string, any>;
const example = (): Body => JSON.parse(SPEC_EXAMPLE);

function validate(body: unknown, receivedAt = RECEIVED_AT): ContactValidationResult {
  return validateContact(body, { receivedAt, knownIndicators: INDICATORS });
}

function edited(edit: (b: Body) => void): Body {
  const body = example();
  edit(body);
  return body;
}

function failure(result: ContactValidationResult) {
  if (result.ok) throw new Error('expected the contact to be refused');
  return result;
}

function accepted(result: ContactValidationResult) {
  if (!result.ok) throw new Error(`expected the contact to be accepted: ${JSON.stringify(result.errors)}`);
  return result.contact;
}

describe('validateContact', () => {
  describe('the spec example', () => {
    it('is valid and comes back normalised, with its CIN code', () => {
      expect(accepted(validate(example()))).toEqual({
        source: {
          agency: 'school',
          cinCode: '2A',
          organisation: 'Cherwell Valley Primary School',
          referrer: {
            name: 'A. Patel',
            role: 'Designated Safeguarding Lead',
            phone: '01865 000000',
            email: 'dsl@example.org',
          },
        },
        child: {
          firstName: 'Maya',
          lastName: 'Okafor',
          dateOfBirth: '2016-03-14',
          gender: 'female',
          nhsNumber: '9434765919',
          upn: 'A123456789012',
          address: { line1: '1 Example Road', town: 'Banbury', postcode: 'OX16 1AA' },
        },
        concerns: {
          indicators: ['attendance_persistent_absence', 'neglect_emerging'],
          summary: 'Free text, up to 10000 characters.',
          immediateRisk: false,
          allegedPerpetratorHasAccess: false,
        },
        consent: 'given',
        occurredAt: '2026-11-20T15:10:00.000Z',
      });
    });

    it('does not change the body it was given', () => {
      const body = example();
      validate(body);
      expect(body).toEqual(example());
    });
  });

  describe('normalisation', () => {
    it('normalises the postcode and NHS number, defaults flags and indicators, and drops nulls', () => {
      const contact = accepted(
        validate(
          edited((b) => {
            b.child.address = { postcode: ' ox16   1aa ' };
            b.child.nhsNumber = '943 476 5919';
            b.child.gender = null;
            b.concerns = { summary: 'Worried about Maya.' };
            b.occurredAt = '2026-11-20T16:10:00+01:00';
            b.householdRef = 'TVP-2026-000123';
          }),
        ),
      );
      expect(contact.child.address).toEqual({ postcode: 'OX16 1AA' });
      expect(contact.child.nhsNumber).toBe('9434765919');
      expect('gender' in contact.child).toBe(false);
      expect(contact.concerns).toEqual({
        indicators: [],
        summary: 'Worried about Maya.',
        immediateRisk: false,
        allegedPerpetratorHasAccess: false,
      });
      expect(contact.occurredAt).toBe('2026-11-20T15:10:00.000Z');
      expect(contact.householdRef).toBe('TVP-2026-000123');
    });

    it('accepts null for optional flags and reads them as false', () => {
      const contact = accepted(validate(edited((b) => (b.concerns.immediateRisk = null))));
      expect(contact.concerns.immediateRisk).toBe(false);
    });

    it('keeps true flags', () => {
      const contact = accepted(
        validate(
          edited((b) => {
            b.concerns.immediateRisk = true;
            b.concerns.allegedPerpetratorHasAccess = true;
          }),
        ),
      );
      expect(contact.concerns).toMatchObject({ immediateRisk: true, allegedPerpetratorHasAccess: true });
    });

    it('accepts a child with no address (no fixed abode, not known)', () => {
      const contact = accepted(validate(edited((b) => delete b.child.address)));
      expect('address' in contact.child).toBe(false);
    });
  });

  describe('source agencies', () => {
    it('accepts an anonymous contact with neither referrer nor organisation', () => {
      const contact = accepted(
        validate(
          edited((b) => {
            b.source = { agency: 'anonymous' };
          }),
        ),
      );
      expect(contact.source).toEqual({ agency: 'anonymous', cinCode: '9' });
    });

    it('still checks a referrer an anonymous contact chooses to give', () => {
      const result = failure(
        validate(edited((b) => (b.source = { agency: 'anonymous', referrer: { name: 'X' } }))),
      );
      expect(result.errors.map((e) => e.path)).toEqual(['source.referrer.phone', 'source.referrer.role']);
    });

    it.each(['family_member', 'acquaintance', 'self', 'individual'])(
      'accepts %s without an organisation (a referrer is still required)',
      (agency) => {
        expect(
          accepted(
            validate(
              edited((b) => {
                b.source.agency = agency;
                delete b.source.organisation;
              }),
            ),
          ).source,
        ).not.toHaveProperty('organisation');
        const noReferrer = failure(validate(edited((b) => (b.source = { agency }))));
        expect(noReferrer.errors.map((e) => e.path)).toEqual(['source.referrer']);
      },
    );

    it.each([
      ['police', '6'],
      ['health_ae', '3E'],
      ['unknown', '10'],
    ])('adds the CIN code of %s', (agency, cinCode) => {
      expect(accepted(validate(edited((b) => (b.source.agency = agency)))).source.cinCode).toBe(cinCode);
    });

    it('accepts a referrer with only an email, or only a phone', () => {
      accepted(validate(edited((b) => delete b.source.referrer.phone)));
      accepted(validate(edited((b) => delete b.source.referrer.email)));
    });
  });

  describe('dates of birth', () => {
    const withDob = (dob: string) =>
      edited((b) => {
        b.child.dateOfBirth = dob;
        delete b.occurredAt; // so that receivedAt can move earlier
      });

    it('accepts a child one day short of 18', () => {
      accepted(validate(withDob('2008-11-21')));
    });

    it('refuses a child whose 18th birthday is the day of receipt', () => {
      const result = failure(validate(withDob('2008-11-20')));
      expect(result.status).toBe(422);
      expect(result.errors).toEqual([
        { path: 'child.dateOfBirth', message: expect.stringMatching(/under 18/) },
      ]);
    });

    it('takes the day of receipt in London: 23:30 UTC in summer is already the next day', () => {
      const lateInJuly = new Date('2026-07-13T23:30:00Z');
      expect(validate(withDob('2008-07-15'), lateInJuly).ok).toBe(true);
      expect(validate(withDob('2008-07-14'), lateInJuly).ok).toBe(false);
    });

    it('accepts a child born on the day of receipt', () => {
      accepted(validate(withDob('2026-11-20')));
    });

    it('refuses a date of birth after the day of receipt', () => {
      expect(failure(validate(withDob('2026-11-21'))).errors.map((e) => e.path)).toEqual([
        'child.dateOfBirth',
      ]);
    });
  });

  describe('an unborn child', () => {
    const unborn = (due: string) =>
      edited((b) => {
        delete b.child.dateOfBirth;
        delete b.child.firstName;
        delete b.child.nhsNumber;
        delete b.child.upn;
        b.child.expectedDateOfBirth = due;
        b.concerns.indicators = ['unborn_concern'];
      });

    it('is accepted with an expected date of birth and no first name', () => {
      const contact = accepted(validate(unborn('2027-03-01')));
      expect(contact.child).toEqual({
        lastName: 'Okafor',
        expectedDateOfBirth: '2027-03-01',
        gender: 'female',
        address: { line1: '1 Example Road', town: 'Banbury', postcode: 'OX16 1AA' },
      });
    });

    it('may have a first name already chosen', () => {
      const body = unborn('2027-03-01');
      body.child.firstName = 'Amara';
      expect(accepted(validate(body)).child.firstName).toBe('Amara');
    });

    it.each([
      ['2026-11-20', true, 'due on the day of receipt'],
      ['2027-09-20', true, 'exactly 10 months ahead'],
      ['2027-09-21', false, 'more than 10 months ahead'],
      ['2026-11-19', true, 'a day overdue'],
      ['2026-10-09', true, 'exactly 6 weeks overdue'],
      ['2026-10-08', false, 'more than 6 weeks overdue'],
    ])('due %s: accepted %s (%s)', (due, ok) => {
      const result = validate(unborn(due));
      expect(result.ok).toBe(ok);
      if (!result.ok) expect(result.errors.map((e) => e.path)).toEqual(['child.expectedDateOfBirth']);
    });
  });

  describe('each rule failing alone names its path', () => {
    const long = (n: number) => 'x'.repeat(n);
    const cases: [string, (b: Body) => void, string, 400 | 422][] = [
      // Malformed bodies: 400.
      ['an unknown top-level field', (b) => (b.priority = 'high'), 'priority', 400],
      ['an unknown nested field', (b) => (b.child.favouriteColour = 'blue'), 'child.favouriteColour', 400],
      [
        'an unknown field in the address',
        (b) => (b.child.address.county = 'Oxon'),
        'child.address.county',
        400,
      ],
      [
        'an unknown field in the referrer',
        (b) => (b.source.referrer.mobile = '07700'),
        'source.referrer.mobile',
        400,
      ],
      ['an unknown field in concerns', (b) => (b.concerns.level = 4), 'concerns.level', 400],
      ['receivedAt sent by the partner', (b) => (b.receivedAt = '2026-11-20T15:00:00Z'), 'receivedAt', 400],
      ['cinCode sent by the partner', (b) => (b.source.cinCode = '2A'), 'source.cinCode', 400],
      ['a field with an odd name', (b) => (b.child['first name'] = 'M'), 'child["first name"]', 400],
      ['a reserved name', (b) => (b.child.hasOwnProperty = true), 'child.hasOwnProperty', 400],
      ['source not an object', (b) => (b.source = 'school'), 'source', 400],
      ['child an array', (b) => (b.child = [b.child]), 'child', 400],
      ['referrer a string', (b) => (b.source.referrer = 'A. Patel'), 'source.referrer', 400],
      ['address a string', (b) => (b.child.address = '1 Example Road'), 'child.address', 400],
      ['agency a number', (b) => (b.source.agency = 2), 'source.agency', 400],
      ['firstName a number', (b) => (b.child.firstName = 7), 'child.firstName', 400],
      ['NHS number a number', (b) => (b.child.nhsNumber = 9434765919), 'child.nhsNumber', 400],
      ['dateOfBirth a number', (b) => (b.child.dateOfBirth = 20160314), 'child.dateOfBirth', 400],
      ['immediateRisk a string', (b) => (b.concerns.immediateRisk = 'false'), 'concerns.immediateRisk', 400],
      [
        'allegedPerpetratorHasAccess 0',
        (b) => (b.concerns.allegedPerpetratorHasAccess = 0),
        'concerns.allegedPerpetratorHasAccess',
        400,
      ],
      [
        'indicators a string',
        (b) => (b.concerns.indicators = 'neglect_emerging'),
        'concerns.indicators',
        400,
      ],
      [
        'an indicator not a string',
        (b) => (b.concerns.indicators = ['neglect_emerging', 3]),
        'concerns.indicators[1]',
        400,
      ],
      ['consent a boolean', (b) => (b.consent = true), 'consent', 400],
      ['occurredAt a number', (b) => (b.occurredAt = 1795187400000), 'occurredAt', 400],
      ['householdRef a number', (b) => (b.householdRef = 12), 'householdRef', 400],
      // Well-formed bodies breaking a rule: 422.
      ['source missing', (b) => delete b.source, 'source', 422],
      ['child null', (b) => (b.child = null), 'child', 422],
      ['concerns missing', (b) => delete b.concerns, 'concerns', 422],
      ['agency missing', (b) => delete b.source.agency, 'source.agency', 422],
      ['agency not a code', (b) => (b.source.agency = 'Police'), 'source.agency', 422],
      ['organisation missing for a school', (b) => delete b.source.organisation, 'source.organisation', 422],
      ['organisation blank', (b) => (b.source.organisation = '  '), 'source.organisation', 422],
      ['organisation too long', (b) => (b.source.organisation = long(201)), 'source.organisation', 422],
      ['referrer missing for a school', (b) => delete b.source.referrer, 'source.referrer', 422],
      ['referrer name missing', (b) => delete b.source.referrer.name, 'source.referrer.name', 422],
      ['referrer role missing', (b) => delete b.source.referrer.role, 'source.referrer.role', 422],
      [
        'referrer with neither phone nor email',
        (b) => {
          delete b.source.referrer.phone;
          b.source.referrer.email = null;
        },
        'source.referrer.phone',
        422,
      ],
      [
        'referrer phone not a number',
        (b) => (b.source.referrer.phone = 'ring the office'),
        'source.referrer.phone',
        422,
      ],
      [
        'referrer email malformed',
        (b) => (b.source.referrer.email = 'dsl at example.org'),
        'source.referrer.email',
        422,
      ],
      ['firstName missing for a born child', (b) => delete b.child.firstName, 'child.firstName', 422],
      ['firstName empty', (b) => (b.child.firstName = ''), 'child.firstName', 422],
      ['firstName of 101 characters', (b) => (b.child.firstName = long(101)), 'child.firstName', 422],
      ['lastName missing', (b) => delete b.child.lastName, 'child.lastName', 422],
      ['lastName of 101 characters', (b) => (b.child.lastName = long(101)), 'child.lastName', 422],
      ['gender not a code', (b) => (b.child.gender = 'F'), 'child.gender', 422],
      ['neither date of birth', (b) => delete b.child.dateOfBirth, 'child.dateOfBirth', 422],
      [
        'both dates of birth',
        (b) => (b.child.expectedDateOfBirth = '2027-03-01'),
        'child.expectedDateOfBirth',
        422,
      ],
      ['dateOfBirth not a real date', (b) => (b.child.dateOfBirth = '2016-02-30'), 'child.dateOfBirth', 422],
      [
        'dateOfBirth in another format',
        (b) => (b.child.dateOfBirth = '14/03/2016'),
        'child.dateOfBirth',
        422,
      ],
      ['dateOfBirth in the future', (b) => (b.child.dateOfBirth = '2027-01-01'), 'child.dateOfBirth', 422],
      ['an adult', (b) => (b.child.dateOfBirth = '2000-01-01'), 'child.dateOfBirth', 422],
      ['NHS number check digit', (b) => (b.child.nhsNumber = '9434765918'), 'child.nhsNumber', 422],
      ['NHS number with dashes', (b) => (b.child.nhsNumber = '943-476-5919'), 'child.nhsNumber', 422],
      ['UPN check letter', (b) => (b.child.upn = 'B123456789012'), 'child.upn', 422],
      ['address without postcode', (b) => delete b.child.address.postcode, 'child.address.postcode', 422],
      ['postcode malformed', (b) => (b.child.address.postcode = 'OX16'), 'child.address.postcode', 422],
      ['address line1 too long', (b) => (b.child.address.line1 = long(201)), 'child.address.line1', 422],
      ['address town too long', (b) => (b.child.address.town = long(201)), 'child.address.town', 422],
      [
        'an unknown indicator',
        (b) => (b.concerns.indicators = ['neglect_emerging', 'naughty']),
        'concerns.indicators[1]',
        422,
      ],
      [
        'a duplicate indicator',
        (b) => b.concerns.indicators.push('neglect_emerging'),
        'concerns.indicators[2]',
        422,
      ],
      [
        'too many indicators',
        (b) => (b.concerns.indicators = Array(101).fill('x')),
        'concerns.indicators',
        422,
      ],
      ['summary missing', (b) => delete b.concerns.summary, 'concerns.summary', 422],
      ['summary blank', (b) => (b.concerns.summary = ''), 'concerns.summary', 422],
      ['summary of 10001 characters', (b) => (b.concerns.summary = long(10_001)), 'concerns.summary', 422],
      ['consent missing', (b) => delete b.consent, 'consent', 422],
      ['consent not a code', (b) => (b.consent = 'yes'), 'consent', 422],
      ['occurredAt after receipt', (b) => (b.occurredAt = '2026-11-20T15:12:04Z'), 'occurredAt', 422],
      ['occurredAt without an offset', (b) => (b.occurredAt = '2026-11-20T15:10:00'), 'occurredAt', 422],
      ['occurredAt only a date', (b) => (b.occurredAt = '2026-11-20'), 'occurredAt', 422],
      ['householdRef empty', (b) => (b.householdRef = ''), 'householdRef', 422],
      ['householdRef of 101 characters', (b) => (b.householdRef = long(101)), 'householdRef', 422],
    ];

    it.each(cases)('%s -> %s', (_name, edit, path, status) => {
      const result = failure(validate(edited(edit)));
      expect(result.errors.map((e) => e.path)).toEqual([path]);
      expect(result.status).toBe(status);
      expect(result.errors[0].message).toEqual(expect.any(String));
    });
  });

  describe('every fault in one answer', () => {
    it('lists every rule broken, one per path, in path order (422)', () => {
      const result = failure(
        validate(
          edited((b) => {
            b.source.agency = 'health_ae';
            delete b.source.organisation;
            b.source.referrer = { name: 'Dr B' };
            delete b.child.firstName;
            b.child.dateOfBirth = '2030-01-01';
            b.child.gender = 'girl';
            b.child.nhsNumber = '1234567890';
            b.child.upn = 'Z123456789012';
            b.child.address = { line1: '1 Example Road' };
            b.concerns.indicators = ['self_harm', 'made_up', 'self_harm', 'neglect_emerging', 'made_up'];
            b.concerns.summary = '';
            b.consent = 'sure';
            b.occurredAt = '2027-01-01T00:00:00Z';
            b.householdRef = '';
          }),
        ),
      );
      expect(result.status).toBe(422);
      expect(result.errors.map((e) => e.path)).toEqual([
        'child.address.postcode',
        'child.dateOfBirth',
        'child.firstName',
        'child.gender',
        'child.nhsNumber',
        'child.upn',
        'concerns.indicators[1]',
        'concerns.indicators[2]',
        'concerns.indicators[4]',
        'concerns.summary',
        'consent',
        'householdRef',
        'occurredAt',
        'source.organisation',
        'source.referrer.phone',
        'source.referrer.role',
      ]);
      expect(result.errors.find((e) => e.path === 'concerns.indicators[2]')?.message).toMatch(
        /"self_harm" is a duplicate: it is already listed at concerns\.indicators\[0\]/,
      );
    });

    it('answers 400 when any fault is malformed, still listing the rule faults', () => {
      const result = failure(
        validate(
          edited((b) => {
            b.child.favouriteColour = 'blue';
            b.child.lastName = 42;
            b.concerns.immediateRisk = 'no';
            b.consent = 'sure';
            b.child.nhsNumber = '1234567890';
          }),
        ),
      );
      expect(result.status).toBe(400);
      expect(result.errors).toEqual([
        { path: 'child.favouriteColour', message: 'is not a field of the contract' },
        { path: 'child.lastName', message: 'must be a string' },
        { path: 'child.nhsNumber', message: expect.stringMatching(/Modulus 11/) },
        { path: 'concerns.immediateRisk', message: 'must be true or false' },
        { path: 'consent', message: expect.stringMatching(/^must be one of: given, refused/) },
      ]);
    });

    it('reports nothing under a value of the wrong type', () => {
      const result = failure(validate(edited((b) => (b.child = [{ favouriteColour: 'blue' }]))));
      expect(result.errors).toEqual([{ path: 'child', message: 'must be an object' }]);
    });

    it('reports __proto__ as an unknown field rather than dropping it', () => {
      const body = JSON.parse(SPEC_EXAMPLE.replace('"consent"', '"__proto__": { "admin": true }, "consent"'));
      const result = failure(validate(body));
      expect(result).toEqual({
        ok: false,
        status: 400,
        errors: [{ path: '__proto__', message: 'is not a field of the contract' }],
      });
    });

    it('lists every unknown field of an otherwise empty body, with the required ones', () => {
      const result = failure(validate({ colour: 'blue' }));
      expect(result.status).toBe(400);
      expect(result.errors.map((e) => e.path)).toEqual(['child', 'colour', 'concerns', 'consent', 'source']);
    });
  });

  describe('a body that is not a JSON object', () => {
    it.each([null, undefined, [], 'contact', 42, true])('refuses %j with 400 at path ""', (body) => {
      expect(validate(body)).toEqual({
        ok: false,
        status: 400,
        errors: [{ path: '', message: 'the body must be a JSON object' }],
      });
    });
  });

  it('judges indicators against the codes it is given', () => {
    const result = validateContact(example(), {
      receivedAt: RECEIVED_AT,
      knownIndicators: new Set(['neglect_emerging']),
    });
    expect(failure(result).errors.map((e) => e.path)).toEqual(['concerns.indicators[0]']);
  });

  it('names every text field holding the NUL character (Postgres cannot store it): 422, not a failed write', () => {
    const body = example() as any;
    body.concerns.summary = 'bad \u0000 text';
    body.child.firstName = '\u0000';
    const result = failure(validate(body));
    expect(result.status).toBe(422);
    expect(result.errors).toEqual(
      expect.arrayContaining([
        { path: 'concerns.summary', message: 'must not contain the NUL character (\\u0000)' },
        { path: 'child.firstName', message: 'must not contain the NUL character (\\u0000)' },
      ]),
    );
  });

  it('throws on an invalid receivedAt: that is a programming error, not a bad contact', () => {
    expect(() => validate(example(), new Date('nonsense'))).toThrow(TypeError);
  });
});
