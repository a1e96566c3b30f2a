/**
 * A realistic police notification (modelled on a Public Protection Notice for a domestic abuse incident):
 * the OpenAPI example, and the sample the unit and integration tests start from.
 */
export function policeNotificationSample() {
  return {
    notificationRef: 'PPN-2026-004512',
    force: 'Thames Valley Police',
    station: 'Banbury Police Station',
    officer: {
      collarNumber: 'PC 4512',
      name: 'J. Smith',
      phone: '01865 000101',
      email: 'j.smith@police.example',
    },
    incident: {
      reference: '43260012345',
      type: 'domestic_abuse',
      occurredAt: '2026-01-20T02:10:00Z',
      circumstances:
        'Officers attended a report of shouting and breaking glass. The mother had a visible injury to her arm; ' +
        'the father had left before police arrived. Both children were awake and in the home.',
      dash: { riskGrade: 'medium', perpetratorHasAccessToChildren: true, maracReferral: false },
      riskFactors: ['parental_alcohol_or_drug_misuse'],
    },
    household: {
      address: { line1: '1 Example Road', town: 'Banbury', postcode: 'ox161aa' },
      children: [
        {
          forename: 'Maya',
          surname: 'Okafor',
          dateOfBirth: '2016-03-14',
          gender: 'F',
          nhsNumber: '943 476 5919',
          presentAtIncident: true,
        },
        {
          forename: 'Theo',
          surname: 'Okafor',
          dateOfBirth: '2020-07-02',
          gender: 'M',
          presentAtIncident: false,
        },
      ],
    },
    consentToShare: 'not_sought_risk_to_child',
  };
}

/** A missing person notification: a child found after the third report in 90 days. */
export function policeMissingSample() {
  return {
    notificationRef: 'PPN-2026-004777',
    force: 'Thames Valley Police',
    station: 'Bicester Police Station',
    officer: { collarNumber: 'PC 1203', name: 'R. Green', email: 'r.green@police.example' },
    incident: {
      reference: '43260019876',
      type: 'missing_person',
      occurredAt: '2026-01-21T06:15:00Z',
      circumstances:
        'Reported missing by her carer at 21:30; found at a bus station in Oxford with two older males.',
      riskFactors: ['child_exploitation'],
    },
    household: {
      address: { line1: '5 Sample Close', town: 'Bicester', postcode: 'OX26 2AB' },
      children: [
        {
          forename: 'Ella',
          surname: 'Carter',
          dateOfBirth: '2011-09-30',
          gender: 'F',
          missingEpisode: { status: 'found', reportsInLast90Days: 3, foundAt: '2026-01-21T06:15:00Z' },
        },
      ],
    },
    consentToShare: 'given',
  };
}
