/** A realistic school concern (a DSL's referral from the safeguarding log): the OpenAPI example and test sample. */
export function schoolConcernSample() {
  return {
    concernRef: 'CPOMS-88213',
    school: { name: 'Cherwell Valley Primary School', urn: '123456' },
    dsl: {
      name: 'A. Patel',
      role: 'Designated Safeguarding Lead',
      phone: '01865 000000',
      email: 'dsl@cherwell-valley.example',
    },
    pupil: {
      upn: 'A123456789012',
      forename: 'Maya',
      surname: 'Okafor',
      dateOfBirth: '2016-03-14',
      gender: 'F',
      yearGroup: 'Year 5',
      address: { line1: '1 Example Road', town: 'Banbury', postcode: 'OX16 1AA' },
    },
    concern: {
      categories: ['attendance', 'neglect'],
      description:
        'Maya has arrived hungry most mornings this half term and her uniform is often unwashed. ' +
        'Mum has not responded to three invitations to meet.',
      loggedAt: '2026-01-20T09:05:00Z',
    },
    attendance: { percentage: 84.5, sessionsPossible: 180 },
    exclusions: { suspensionsThisSchoolYear: 2, permanentlyExcluded: false },
    parentalConsent: 'consented',
  };
}
