import { bundledCriteriaRegistry } from './criteria-registry';
import { CriteriaInputError, UnknownCriteriaVersionError } from './errors';
import { ContactBody, EvaluateRequest, evaluateRequest } from './evaluate-request';

const registry = bundledCriteriaRegistry();

function body(indicators: string[], child: Partial<ContactBody['child']> = {}): ContactBody {
  return {
    source: { agency: 'school', organisation: 'Example School' },
    child: {
      firstName: 'Theo',
      lastName: 'Nowak',
      dateOfBirth: '2012-07-30',
      address: { postcode: 'OX14 3GT' },
      ...child,
    },
    concerns: { indicators, immediateRisk: false, allegedPerpetratorHasAccess: false },
    consent: 'given',
  };
}

function request(changes: Partial<EvaluateRequest> = {}): EvaluateRequest {
  return {
    at: '2026-11-20T10:00:00Z',
    contact: body(['bereavement']),
    otherContacts: [],
    openCase: null,
    ...changes,
  };
}

describe('evaluateRequest', () => {
  it('decides under the version in force when none is named', () => {
    const { decision } = evaluateRequest(request({ criteriaVersion: undefined }), registry);
    expect(decision).toMatchObject({ criteriaVersion: '2026-1', needLevel: 2, team: 'LOCALITY_SOUTH' });
    expect(decision.linkedContactIds).toEqual([]);
    expect(decision.possibleMatches).toEqual([]);
  });

  it('refuses an unknown version with a typed error', () => {
    expect(() => evaluateRequest(request({ criteriaVersion: '2030-1' }), registry)).toThrow(
      UnknownCriteriaVersionError,
    );
  });

  it('takes the contact as received at `at`', () => {
    const { decision } = evaluateRequest(request(), registry);
    expect(decision.dueAt).toBe('2026-11-25T10:00:00.000Z');
  });

  it('links the other contacts about the same child, by index, and builds the picture from them', () => {
    const { decision } = evaluateRequest(
      request({
        contact: body(['parental_substance_misuse'], { nhsNumber: '401 023 2137' }),
        otherContacts: [
          { receivedAt: '2026-11-10T22:15:00Z', contact: body(['domestic_abuse_standard_risk']) },
          {
            receivedAt: '2026-11-12T10:00:00Z',
            contact: body(['self_harm'], { firstName: 'Anna', lastName: 'Other' }),
          },
          {
            receivedAt: '2026-11-15T11:00:00Z',
            contact: body(['parental_mental_health'], {
              firstName: 'T',
              nhsNumber: '4010232137',
              dateOfBirth: '2013-01-01',
            }),
          },
        ],
      }),
      registry,
    );
    expect(decision.linkedContactIds).toEqual(['0', '2']);
    expect(decision.picture.contactIds).toEqual(['0', '2']);
    expect(decision).toMatchObject({ needLevel: 4, priority: 'SAME_DAY' });
  });

  it('normalises postcodes before matching and routing', () => {
    const { decision } = evaluateRequest(
      request({
        contact: body(['bereavement'], { firstName: 'T', address: { postcode: 'ox143gt' } }),
        otherContacts: [
          { receivedAt: '2026-11-01T10:00:00Z', contact: body([], { address: { postcode: 'OX14 3ZZ' } }) },
        ],
      }),
      registry,
    );
    expect(decision.team).toBe('LOCALITY_SOUTH');
    expect(decision.linkedContactIds).toEqual(['0']);
  });

  it('offers near misses as possible matches, without linking them', () => {
    const { decision } = evaluateRequest(
      request({
        contact: body(['bereavement'], { dateOfBirth: '2012-07-03' }),
        otherContacts: [
          {
            receivedAt: '2026-11-01T10:00:00Z',
            contact: body(['neglect_severe'], { firstName: 'Teo', dateOfBirth: '2012-07-03' }),
          },
          {
            receivedAt: '2026-11-02T10:00:00Z',
            contact: body(['neglect_severe'], { dateOfBirth: '2012-03-07' }),
          },
        ],
      }),
      registry,
    );
    expect(decision.linkedContactIds).toEqual([]);
    expect(decision.possibleMatches).toEqual([
      { index: '0', reason: 'first_name_one_edit' },
      { index: '1', reason: 'birth_day_month_swapped' },
    ]);
    expect(decision.needLevel).toBe(2);
  });

  it('ignores other contacts received after `at`', () => {
    const { decision } = evaluateRequest(
      request({
        otherContacts: [
          { receivedAt: '2026-11-20T10:00:01Z', contact: body(['neglect_severe']) },
          { receivedAt: '2026-11-20T10:00:00Z', contact: body(['young_carer']) },
        ],
      }),
      registry,
    );
    expect(decision.linkedContactIds).toEqual(['1']);
    expect(decision.picture.indicators).toEqual(['bereavement', 'young_carer']);
    expect(decision.history).toBe(0);
  });

  it('passes the open case on', () => {
    const { decision } = evaluateRequest(request({ openCase: { team: 'ASSESSMENT' } }), registry);
    expect(decision).toMatchObject({ route: 'ALLOCATED_TEAM', team: 'ASSESSMENT' });
  });

  it('names every field the criteria cannot read', () => {
    try {
      evaluateRequest(
        request({
          at: 'now',
          contact: body(['bereavement', 'unheard_of'], { address: { postcode: 'OX16' } }),
          otherContacts: [
            { receivedAt: 'last week', contact: body([]) },
            { receivedAt: '2026-11-01T10:00:00Z', contact: body(['nope']) },
          ],
        }),
        registry,
      );
      throw new Error('expected a CriteriaInputError');
    } catch (error) {
      expect(error).toBeInstanceOf(CriteriaInputError);
      expect((error as CriteriaInputError).faults.map((fault) => fault.path)).toEqual([
        'at',
        'contact.concerns.indicators[1]',
        'contact.child.address.postcode',
        'otherContacts[0].receivedAt',
        'otherContacts[1].contact.concerns.indicators[0]',
      ]);
    }
  });
});
