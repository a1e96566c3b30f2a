import {
  PersonIdentity,
  explainMatch,
  isOneEditApart,
  matchPersons,
  normaliseName,
  postcodeSector,
} from './person-matching';

const maya: PersonIdentity = {
  firstName: 'Maya',
  lastName: 'Okafor',
  dateOfBirth: '2016-03-14',
  postcode: 'OX16 1AA',
};

function like(changes: Partial<PersonIdentity>): PersonIdentity {
  return { ...maya, ...changes };
}

describe('normaliseName', () => {
  it('lower-cases, removes accents and keeps only letters', () => {
    expect(normaliseName('Hall-Davies')).toBe('halldavies');
    expect(normaliseName("O'Brien")).toBe('obrien');
    expect(normaliseName('  Zoë  ')).toBe('zoe');
    expect(normaliseName('José-María 2nd')).toBe('josemariand');
    expect(normaliseName('ÉLODIE')).toBe('elodie');
  });

  it('keeps letters of other alphabets, so such names do not all become equal', () => {
    expect(normaliseName('Борис')).toBe('борис');
    expect(normaliseName('王芳')).toBe('王芳');
  });

  it('reads an absent name as empty', () => {
    expect(normaliseName(undefined)).toBe('');
  });
});

describe('postcodeSector', () => {
  it('is the outward code and the first digit of the inward code', () => {
    expect(postcodeSector('OX16 1AA')).toBe('OX16 1');
    expect(postcodeSector('OX4 2JY')).toBe('OX4 2');
  });

  it('is absent without a postcode', () => {
    expect(postcodeSector(undefined)).toBeUndefined();
    expect(postcodeSector('OX161AA')).toBeUndefined();
  });
});

describe('isOneEditApart', () => {
  it.each([
    ['maya', 'mya', true],
    ['maya', 'mayah', true],
    ['maya', 'maia', true],
    ['maya', 'amaya', true],
    ['maya', 'maya', false],
    ['maya', 'mia', false],
    ['maya', 'aymm', false],
    ['a', '', true],
  ])('%s and %s: %s', (a, b, expected) => {
    expect(isOneEditApart(a, b)).toBe(expected);
  });
});

describe('matchPersons', () => {
  describe('rule 1: NHS number', () => {
    it('matches on equal NHS numbers, whatever else differs', () => {
      expect(
        matchPersons(
          { ...maya, nhsNumber: '9434765919' },
          { firstName: 'M', lastName: 'Smith', dateOfBirth: '2015-01-01', nhsNumber: '9434765919' },
        ),
      ).toBe('same');
    });

    it('matches on equal NHS numbers even when the UPNs differ', () => {
      expect(
        explainMatch(
          like({ nhsNumber: '9434765919', upn: 'A123456789012' }),
          like({ nhsNumber: '9434765919', upn: 'B123456789012' }),
        ),
      ).toEqual({ result: 'same', reason: 'nhs_number' });
    });
  });

  describe('rule 2: UPN', () => {
    it('matches on equal UPNs', () => {
      expect(
        explainMatch(like({ upn: 'A123456789012' }), { lastName: 'Other', upn: 'A123456789012' }),
      ).toEqual({
        result: 'same',
        reason: 'upn',
      });
    });

    it('matches on equal UPNs even when the NHS numbers differ', () => {
      expect(
        matchPersons(
          like({ nhsNumber: '9434765919', upn: 'A123456789012' }),
          like({ nhsNumber: '4010232137', upn: 'A123456789012' }),
        ),
      ).toBe('same');
    });
  });

  describe('rule 3: names and date of birth', () => {
    it('matches equal names and date of birth', () => {
      expect(explainMatch(maya, like({}))).toEqual({ result: 'same', reason: 'name_and_birth_date' });
    });

    it('compares names normalised', () => {
      expect(matchPersons(like({ lastName: 'Hall-Davies' }), like({ lastName: 'hall davies' }))).toBe('same');
      expect(matchPersons(like({ firstName: 'Zoë' }), like({ firstName: 'ZOE' }))).toBe('same');
    });

    it('matches when only one side has an NHS number or UPN', () => {
      expect(matchPersons(like({ nhsNumber: '9434765919' }), like({}))).toBe('same');
      expect(matchPersons(like({ upn: 'A123456789012' }), like({ nhsNumber: '9434765919' }))).toBe('same');
    });

    it('never matches across two different NHS numbers', () => {
      expect(explainMatch(like({ nhsNumber: '9434765919' }), like({ nhsNumber: '4010232137' }))).toEqual({
        result: 'different',
        reason: 'identifier_conflict',
      });
    });

    it('never matches across two different UPNs', () => {
      expect(matchPersons(like({ upn: 'A123456789012' }), like({ upn: 'B123456789012' }))).toBe('different');
    });

    it('does not match a different family name or date of birth', () => {
      expect(matchPersons(maya, like({ lastName: 'Okafur' }))).toBe('different');
      expect(matchPersons(maya, like({ dateOfBirth: '2016-03-15' }))).toBe('different');
    });

    it('matches an initial with the full name in the same postcode sector', () => {
      expect(explainMatch(maya, like({ firstName: 'M.', postcode: 'OX16 1ZZ' }))).toEqual({
        result: 'same',
        reason: 'initial_and_postcode_sector',
      });
      expect(matchPersons(like({ firstName: 'm' }), maya)).toBe('same');
    });

    it('does not match an initial in another sector, or without postcodes', () => {
      expect(matchPersons(maya, like({ firstName: 'M', postcode: 'OX16 2AA' }))).toBe('different');
      expect(matchPersons(maya, like({ firstName: 'M', postcode: undefined }))).toBe('different');
      expect(matchPersons(like({ postcode: undefined }), like({ firstName: 'M', postcode: undefined }))).toBe(
        'different',
      );
    });

    it('does not take a longer prefix or another letter for an initial', () => {
      expect(matchPersons(maya, like({ firstName: 'Ma' }))).not.toBe('same');
      expect(matchPersons(maya, like({ firstName: 'J' }))).toBe('different');
    });

    it('matches two unborn children (no first names) by expected date of birth', () => {
      const unborn: PersonIdentity = { lastName: 'Wright', expectedDateOfBirth: '2027-02-01' };
      expect(matchPersons(unborn, { ...unborn })).toBe('same');
      expect(matchPersons(unborn, { ...unborn, expectedDateOfBirth: '2027-02-02' })).toBe('different');
    });

    it('does not match an absent first name with a present one', () => {
      expect(matchPersons(like({ firstName: undefined }), maya)).toBe('different');
    });

    it('compares a date of birth with an expected date of birth', () => {
      const unborn: PersonIdentity = { lastName: 'Wright', expectedDateOfBirth: '2027-02-01' };
      expect(matchPersons(unborn, { lastName: 'Wright', dateOfBirth: '2027-02-01' })).toBe('same');
    });
  });

  describe('near misses', () => {
    it('flags a first name one edit away, with the rest equal', () => {
      expect(explainMatch(maya, like({ firstName: 'Mya' }))).toEqual({
        result: 'near_miss',
        reason: 'first_name_one_edit',
      });
      expect(matchPersons(maya, like({ firstName: 'Maia' }))).toBe('near_miss');
      expect(matchPersons(maya, like({ firstName: 'Mayah' }))).toBe('near_miss');
    });

    it('does not flag a first name two edits away', () => {
      expect(matchPersons(maya, like({ firstName: 'Mia' }))).toBe('different');
    });

    it('flags day and month of birth swapped, with the rest equal', () => {
      const born = like({ dateOfBirth: '2016-03-04' });
      expect(explainMatch(born, like({ dateOfBirth: '2016-04-03' }))).toEqual({
        result: 'near_miss',
        reason: 'birth_day_month_swapped',
      });
      expect(matchPersons(born, like({ dateOfBirth: '2017-04-03' }))).toBe('different');
    });

    it('does not flag a swap when the names differ', () => {
      expect(
        matchPersons(
          like({ dateOfBirth: '2016-03-04' }),
          like({ dateOfBirth: '2016-04-03', lastName: 'Other' }),
        ),
      ).toBe('different');
      expect(
        matchPersons(
          like({ dateOfBirth: '2016-03-04' }),
          like({ dateOfBirth: '2016-04-03', firstName: 'Mya' }),
        ),
      ).toBe('different');
    });

    it('never flags across an identifier conflict', () => {
      expect(
        matchPersons(like({ nhsNumber: '9434765919' }), like({ nhsNumber: '4010232137', firstName: 'Mya' })),
      ).toBe('different');
    });

    it('does not flag a family name one edit away', () => {
      expect(matchPersons(maya, like({ lastName: 'Okafar' }))).toBe('different');
    });
  });
});
