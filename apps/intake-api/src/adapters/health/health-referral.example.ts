/**
 * A realistic emergency department referral: a three-month-old with bruising the explanation does not
 * account for, and missed health visitor appointments. The OpenAPI example and the tests' sample.
 */
export function healthReferralSample() {
  return {
    referralRef: 'HGH-ED-2026-0042',
    setting: 'emergency_department',
    organisation: 'Horton General Hospital Emergency Department',
    clinician: {
      name: 'Dr S. Hughes',
      role: 'Paediatric registrar',
      registration: 'GMC 7012345',
      phone: '01295 000000',
    },
    patient: {
      nhsNumber: '4010232137',
      forename: 'Noah',
      surname: 'Bell',
      dateOfBirth: '2025-10-02',
      gender: 'male',
      address: { line1: '12 Sample Street', town: 'Banbury', postcode: 'OX16 2BB' },
    },
    clinicalSummary:
      'Brought in by father after "rolling off the sofa". Two fingertip-sized bruises to the left upper arm. ' +
      'Skeletal survey requested.',
    injury: {
      description: 'Two fingertip-sized bruises to the left upper arm',
      ageInMonths: 3,
      mobility: 'not_yet_mobile',
      explanationConsistent: false,
      seenAt: '2026-01-20T14:30:00Z',
    },
    missedAppointments: { last12Months: 3 },
    consentToShare: 'not_sought_safeguarding',
  };
}
