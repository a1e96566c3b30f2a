import { bundledCriteriaRegistry } from '@app/criteria';
import { CanonicalContact } from '@app/contracts';
import { ContactRow } from './contact-record';
import { ChildRecord, planAwaitingDecisions } from './decide-child';
import { replayInArrivalOrder } from './replay-arrival-order';

const criteria = bundledCriteriaRegistry().current();
const CHILD = 'c0000000-0000-4000-8000-000000000001';

function contact(id: string, minute: number, indicators: string[]): ContactRow {
  const body: CanonicalContact = {
    source: { agency: 'police', cinCode: '5A' } as CanonicalContact['source'],
    child: {
      firstName: 'Kit',
      lastName: 'Replay',
      dateOfBirth: '2015-01-15',
      address: { postcode: 'OX16 1AA' },
    },
    concerns: { indicators, summary: 'A concern', immediateRisk: false, allegedPerpetratorHasAccess: false },
    consent: 'given' as CanonicalContact['consent'],
  };
  return {
    id,
    received_at: new Date(Date.UTC(2026, 10, 3, 10, minute)),
    body,
    status: 'triaged',
    child_id: CHILD,
    imported: false,
    locality: 'NORTH',
    last_name_norm: 'replay',
  };
}

const A = contact('a0000000-0000-4000-8000-000000000001', 0, ['physical_abuse_injury']);
const B = contact('b0000000-0000-4000-8000-000000000002', 5, ['bereavement']);
const C = contact('c0000000-0000-4000-8000-000000000003', 9, ['neglect_severe']);

describe('replayInArrivalOrder (the reliability oracle)', () => {
  it('decides in arrival order whatever order it is given the contacts in', () => {
    const inOrder = replayInArrivalOrder(criteria, [A, B, C]);
    const shuffled = replayInArrivalOrder(criteria, [C, A, B]);
    expect([...shuffled.entries()].sort()).toEqual([...inOrder.entries()].sort());
    expect(inOrder.size).toBe(3);
  });

  it('carries what one round decided into the next: a level 4 routed to assessment is an open case', () => {
    const replayed = replayInArrivalOrder(criteria, [A, B]);
    // A arrived first: level 4, statutory assessment. When B arrived, A's item was open with ASSESSMENT, so
    // B (level 4 through the picture) joins the open case instead of opening another.
    expect(replayed.get(A.id)!.decision).toMatchObject({ needLevel: 4, route: 'STATUTORY_ASSESSMENT' });
    expect(replayed.get(B.id)!.decision).toMatchObject({
      needLevel: 4,
      route: 'ALLOCATED_TEAM',
      team: 'ASSESSMENT',
    });
  });

  it('decides every contact as of the newest arrival, with the whole picture', () => {
    const replayed = replayInArrivalOrder(criteria, [A, B, C]);
    for (const c of [A, B, C]) {
      expect(replayed.get(c.id)!.triagedAt).toEqual(C.received_at);
      expect([...replayed.get(c.id)!.decision.picture.contactIds].sort()).toEqual([A.id, B.id, C.id].sort());
    }
  });

  const D = contact('d0000000-0000-4000-8000-000000000004', 12, ['physical_abuse_injury']);
  const permutations = <T>(xs: T[]): T[][] =>
    xs.length <= 1
      ? [xs]
      : xs.flatMap((x, i) => permutations(xs.filter((_, j) => j !== i)).map((p) => [x, ...p]));
  const name = (c: ContactRow) => 'ABCD'['abcd'.indexOf(c.id[0])];
  it.each(permutations([A, B, C, D]).map((order) => [order.map(name).join(', '), order] as const))(
    'is what triage stores when it meets the contacts in the order %s (partitions, crashes)',
    (_, order) => {
      // Triage as the service runs it: each contact planned on the child as stored so far, the result stored.
      const child: ChildRecord = { contacts: [], desk: [], possibleMatches: {} };
      const stored = new Map<string, ReturnType<typeof planAwaitingDecisions>[number]>();
      for (const trigger of order) {
        const cmd = { trigger, childId: CHILD, possibleMatches: [], includeTrigger: true };
        for (const planned of planAwaitingDecisions(criteria, cmd, child)) {
          stored.set(planned.contact.id, planned);
          child.desk = child.desk.filter((d) => d.contact_id !== planned.contact.id);
          child.desk.push({
            contact_id: planned.contact.id,
            need_level: planned.decision.needLevel,
            priority: planned.decision.priority,
            claimed_by: null,
            state: 'awaiting',
            route: planned.decision.route,
            team: planned.decision.team,
          });
        }
        child.contacts.push(trigger);
      }
      const replayed = replayInArrivalOrder(criteria, order);
      for (const c of order) expect(stored.get(c.id)!.decision).toEqual(replayed.get(c.id)!.decision);
      expect(stored.get(A.id)!.decision.route).toBe('STATUTORY_ASSESSMENT');
    },
  );

  it('refuses a contact that was never matched to a child', () => {
    expect(() => replayInArrivalOrder(criteria, [{ ...A, child_id: null }])).toThrow(/no child/);
  });
});
