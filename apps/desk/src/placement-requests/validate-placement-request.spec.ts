import { validatePlacementRequest } from './validate-placement-request';

const RECEIVED = new Date('2026-11-23T10:00:00Z');
const CHILD_ID = '6f1c2d7e-1111-4a2b-9c3d-1234567890ab';

const body = (over: Record<string, unknown> = {}) => ({
  child: { id: CHILD_ID },
  requestedBy: { name: 'J. Smith', role: 'Social Worker', team: 'ASSESSMENT' },
  placementType: 'ifa_foster',
  legalBasis: 's20',
  emergency: false,
  reason: 'Free text.',
  evidence: {
    familyGroupConference: { status: 'held', date: '2026-10-02' },
    kinshipAssessment: { status: 'no_viable_carer', date: '2026-10-20' },
    familySupport: {
      status: 'provided',
      service: 'FAMILY_SUPPORT_CITY',
      from: '2026-06-01',
      to: '2026-10-31',
    },
    inHouseFosterSearch: { status: 'no_match', date: '2026-11-01' },
  },
  ...over,
});

const paths = (r: ReturnType<typeof validatePlacementRequest>) => (r.ok ? [] : r.errors.map((e) => e.path));

describe('validatePlacementRequest', () => {
  it('accepts the example of the spec', () => {
    const r = validatePlacementRequest(body(), RECEIVED);
    expect(r.ok).toBe(true);
  });

  it('reads missing evidence as not done', () => {
    const r = validatePlacementRequest(body({ evidence: undefined }), RECEIVED);
    expect(r.ok && r.request.evidence).toEqual({
      familyGroupConference: { status: 'not_offered' },
      kinshipAssessment: { status: 'not_explored' },
      familySupport: { status: 'not_provided' },
      inHouseFosterSearch: { status: 'not_done' },
    });
  });

  it('names every field at fault (422 for broken rules)', () => {
    const r = validatePlacementRequest(
      body({
        placementType: 'boarding_school',
        legalBasis: undefined,
        reason: 'x'.repeat(10001),
        evidence: {
          familyGroupConference: { status: 'held' },
          kinshipAssessment: { status: 'maybe' },
          familySupport: { status: 'declined' },
          inHouseFosterSearch: { status: 'no_match', date: '2026-11-24' },
        },
      }),
      RECEIVED,
    );
    expect(r.ok).toBe(false);
    expect(!r.ok && r.status).toBe(422);
    expect(paths(r).sort()).toEqual(
      [
        'placementType',
        'legalBasis',
        'reason',
        'evidence.familyGroupConference.date',
        'evidence.kinshipAssessment.status',
        'evidence.familySupport.date',
        'evidence.inHouseFosterSearch.date',
      ].sort(),
    );
  });

  it('400 for unknown fields and wrong JSON types, still listing rule faults', () => {
    const r = validatePlacementRequest(body({ extra: 1, emergency: 'yes', placementType: 'nope' }), RECEIVED);
    expect(!r.ok && r.status).toBe(400);
    expect(paths(r).sort()).toEqual(['emergency', 'extra', 'placementType']);
  });

  it('400 when the body is not an object', () => {
    expect(validatePlacementRequest([], RECEIVED)).toMatchObject({ ok: false, status: 400 });
  });

  it('requires the child: an id or identifiers as in a contact, valid', () => {
    expect(paths(validatePlacementRequest(body({ child: undefined }), RECEIVED))).toEqual(['child']);
    expect(paths(validatePlacementRequest(body({ child: { id: 'abc' } }), RECEIVED))).toEqual(['child.id']);
    const ids = validatePlacementRequest(
      body({
        child: { lastName: 'Okafor', nhsNumber: '9434765918', upn: 'X', address: { postcode: 'nope' } },
      }),
      RECEIVED,
    );
    expect(paths(ids).sort()).toEqual(['child.address.postcode', 'child.nhsNumber', 'child.upn']);
    const good = validatePlacementRequest(
      body({
        child: {
          firstName: 'Maya',
          lastName: 'Okafor',
          dateOfBirth: '2016-03-14',
          nhsNumber: '943 476 5919',
        },
      }),
      RECEIVED,
    );
    expect(good.ok && good.request.child).toEqual({
      identifiers: {
        firstName: 'Maya',
        lastName: 'Okafor',
        dateOfBirth: '2016-03-14',
        nhsNumber: '9434765919',
      },
    });
  });

  it('allows family support to end after the request (still going on), never to start after it', () => {
    const ev = (fs: object) => body({ evidence: { familySupport: fs } });
    expect(
      validatePlacementRequest(ev({ status: 'provided', from: '2026-10-01', to: '2027-02-01' }), RECEIVED).ok,
    ).toBe(true);
    expect(paths(validatePlacementRequest(ev({ status: 'provided', from: '2026-12-01' }), RECEIVED))).toEqual(
      ['evidence.familySupport.from'],
    );
    expect(paths(validatePlacementRequest(ev({ status: 'provided' }), RECEIVED))).toEqual([
      'evidence.familySupport.from',
    ]);
  });
});
