import { bundledCriteriaRegistry } from '@app/criteria';
import { CanonicalContact } from '@app/contracts';
import { ContactRow } from './contact-record';
import { ChildRecord, planAwaitingDecisions } from './decide-child';
import { DutyAction, replayInArrivalOrder } from './replay-arrival-order';

const criteria = bundledCriteriaRegistry().current();
const CHILD = 'c0000000-0000-4000-8000-000000000001';

function contact(id: string, minute: number, indicators: string[], childId = CHILD): ContactRow {
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
    child_id: childId,
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

  describe('with what duty workers did, from the audit trail', () => {
    const DAY = 24 * 60;
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 3, 10, minute));
    // A level-4 contact puts a later one at level 4 through the picture; a contact 35 days after the first
    // moves the picture window past it, which lowers the awaiting one to level 2 (criteria section 8).
    const N = contact('e0000000-0000-4000-8000-000000000005', 0, ['neglect_severe']);
    const W = contact('f0000000-0000-4000-8000-000000000006', 6 * DAY, ['bereavement']);
    const L = contact('f1000000-0000-4000-8000-000000000007', 35 * DAY, ['financial_hardship']);
    const claimW: DutyAction = { kind: 'claim', at: at(34 * DAY), contactId: W.id, holder: 'duty.worker' };

    it('never lowers an item held when the lowering contact arrived', () => {
      const unheld = replayInArrivalOrder(criteria, [N, W, L]);
      expect(unheld.get(W.id)).toMatchObject({ decision: { needLevel: 2 }, triagedAt: L.received_at });
      const held = replayInArrivalOrder(criteria, [N, W, L], [claimW]);
      // W keeps the decision of its own round: level 4, as of its arrival.
      expect(held.get(W.id)).toMatchObject({ decision: { needLevel: 4 }, triagedAt: W.received_at });
      expect(held.get(L.id)).toEqual(unheld.get(L.id));
    });

    it('lowers it once released, or when the claim came after the lowering contact', () => {
      const release: DutyAction = { kind: 'release', at: at(34 * DAY + 30), contactId: W.id };
      const released = replayInArrivalOrder(criteria, [N, W, L], [claimW, release]);
      expect(released.get(W.id)).toMatchObject({ decision: { needLevel: 2 }, triagedAt: L.received_at });
      const lateClaim = { ...claimW, at: at(35 * DAY + 1) };
      const late = replayInArrivalOrder(criteria, [N, W, L], [lateClaim]);
      expect(late.get(W.id)).toMatchObject({ decision: { needLevel: 2 }, triagedAt: L.received_at });
    });

    const GONE = 'c0000000-0000-4000-8000-0000000000ff';
    // B was first triaged into a child of its own (a near miss), then a worker confirmed the match: B is
    // stored under the kept child now, and the merge's audit entry names it among the contacts that moved.
    const merge: DutyAction = {
      kind: 'merge',
      at: at(7),
      keptChildId: CHILD,
      goneChildId: GONE,
      movedContactIds: [B.id],
    };

    it('decides each child alone until the merge, then the joined child again at the merge time', () => {
      const merged = replayInArrivalOrder(criteria, [B, A], [merge]);
      // At the merge, B joins the case A's level 4 opened; both are decided again, stored at the merge's time.
      expect(merged.get(B.id)).toMatchObject({
        decision: { needLevel: 4, route: 'ALLOCATED_TEAM', team: 'ASSESSMENT' },
        triagedAt: at(7),
      });
      expect(merged.get(A.id)).toMatchObject({
        decision: { route: 'STATUTORY_ASSESSMENT' },
        triagedAt: at(7),
      });
      expect([...merged.get(A.id)!.decision.picture.contactIds].sort()).toEqual([A.id, B.id].sort());
      // Without the merge, B would have been one of A's child's contacts from its arrival.
      const neverApart = replayInArrivalOrder(criteria, [B, A]);
      expect(neverApart.get(B.id)!.triagedAt).toEqual(B.received_at);
    });

    it('a merge after another: each contact starts in the child it arrived in', () => {
      const LATER = 'c0000000-0000-4000-8000-0000000000ee';
      // A's child (B joined it at minute 7) merged at minute 10 into the child D arrived in at minute 8.
      const second: DutyAction = {
        kind: 'merge',
        at: at(10),
        keptChildId: LATER,
        goneChildId: CHILD,
        movedContactIds: [A.id, B.id],
      };
      const Dl = { ...D, child_id: LATER, received_at: at(8) };
      const replayed = replayInArrivalOrder(
        criteria,
        [{ ...A, child_id: LATER }, { ...B, child_id: LATER }, Dl],
        [second, merge],
      );
      for (const c of [A, B, Dl]) expect(replayed.get(c.id)!.triagedAt).toEqual(at(10));
      // D alone until the second merge: its own round saw only itself.
      const before = replayInArrivalOrder(criteria, [Dl]);
      expect(before.get(D.id)!.decision.picture.contactIds).toEqual([D.id]);
      expect([...replayed.get(D.id)!.decision.picture.contactIds].sort()).toEqual([A.id, B.id, D.id].sort());
    });

    it('a contact arriving after the merge is triaged with the joined child, as of its arrival', () => {
      const after = replayInArrivalOrder(criteria, [A, B, C], [merge]);
      for (const c of [A, B, C]) {
        expect(after.get(c.id)!.triagedAt).toEqual(C.received_at);
        expect([...after.get(c.id)!.decision.picture.contactIds].sort()).toEqual([A.id, B.id, C.id].sort());
      }
    });
  });

  it('refuses a contact that was never matched to a child', () => {
    expect(() => replayInArrivalOrder(criteria, [{ ...A, child_id: null }])).toThrow(/no child/);
  });
});
