import { decodeEvent, InvalidMessageError } from './decode-event';
import { Topic } from './topics';

const id = '5a0c7e0e-8a43-4a52-9d0e-2f7b0d3c1e11';
const triaged = {
  eventId: 'e-1',
  type: Topic.ContactTriaged,
  occurredAt: '2026-01-05T10:00:00.000Z',
  payload: { contactId: id, childId: id, needLevel: 3, route: 'DUTY', triagedAt: '2026-01-05T10:00:00.000Z' },
};

describe('decodeEvent', () => {
  it('returns the typed event when every field its consumers rely on is sound', () => {
    expect(decodeEvent(Topic.ContactTriaged, triaged)).toBe(triaged);
    expect(
      decodeEvent(Topic.ContactReceived, { eventId: 'e', payload: { contactId: id } }).payload.contactId,
    ).toBe(id);
  });

  it('refuses what is not an event at all', () => {
    for (const value of [null, 'text', 42, {}, { eventId: 'e' }, { eventId: '', payload: { contactId: id } }])
      expect(() => decodeEvent(Topic.ContactReceived, value)).toThrow(InvalidMessageError);
  });

  it('names every field at fault, never its value', () => {
    const bad = {
      ...triaged,
      payload: { ...triaged.payload, childId: 'Jane Smith', needLevel: 5, route: 'duty' },
    };
    let error: unknown;
    try {
      decodeEvent(Topic.ContactTriaged, bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidMessageError);
    expect((error as InvalidMessageError).invalidMessage).toBe(true);
    expect((error as Error).message).toBe(
      'not a valid contact.triaged.v1 event (payload.childId, payload.needLevel, payload.route)',
    );
    expect((error as Error).message).not.toContain('Jane');
  });

  it('checks the id each of the other topics is about', () => {
    expect(() => decodeEvent(Topic.AlertRaised, { eventId: 'e', payload: { alertId: 'x' } })).toThrow(
      '(payload.alertId)',
    );
    expect(() => decodeEvent(Topic.PartnerFeedback, { eventId: 'e', payload: {} })).toThrow(
      '(payload.feedbackId)',
    );
    expect(() =>
      decodeEvent(Topic.PlacementGatekept, { eventId: 'e', payload: { placementRequestId: id } }),
    ).not.toThrow();
  });
});
