import { DataSource } from 'typeorm';
import { isolateTestFile } from '@app/testing';
import { PlacementPanelUseCase } from '../../apps/desk/src/placement-requests/placement-panel.usecase';
import { RecordOutcomeUseCase } from '../../apps/desk/src/placement-requests/record-outcome.usecase';
import { RecordPlacementRequestUseCase } from '../../apps/desk/src/placement-requests/record-placement-request.usecase';
import { UpdateEvidenceUseCase } from '../../apps/desk/src/placement-requests/update-evidence.usecase';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from '../desk/desk-harness';
import { day, placementBody, seedChild } from './placement-support';

const TYPES = ['in_house_foster', 'ifa_foster', 'residential', 'kinship', 'parent_and_child', 'secure'];
const BASES = ['s20', 'police_protection', 'epo', 'ico', 'care_order', 'remand'];
const PROVIDERS = ['in_house', 'independent', 'council_residential', 'unregistered'];
const HOWS = [
  'family_group_conference_plan',
  'kinship_arrangement',
  'special_guardianship',
  'family_support',
  'returned_home',
];
const DAY = 86400000;

/** A small deterministic generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Evidence that passes every check for a request received at `at`. */
const evidenceAsOf = (at: Date) => ({
  familyGroupConference: { status: 'held', date: day(20, at) },
  kinshipAssessment: { status: 'no_viable_carer', date: day(15, at) },
  familySupport: { status: 'provided', service: 'FAMILY_SUPPORT_CITY', from: day(200, at), to: day(30, at) },
  inHouseFosterSearch: { status: 'no_match', date: day(5, at) },
});

interface Planned {
  id: string;
  type: string;
  basis: string;
  first: 'HELD_FOR_PANEL' | 'CLEARED' | 'RETROSPECTIVE_REVIEW';
  repeat: boolean;
  clearedLater: boolean;
  decisions: string[];
  daysToDecision: number | null;
  outcome: null | {
    outcome: string;
    provider?: string;
    outOfCounty?: boolean;
    weeklyCost?: number;
    how?: string;
    placementType?: string;
  };
}

describe('placement sufficiency: every figure checked against a generated set of requests with known outcomes', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { username: string; token: string };
  const planned: Planned[] = [];
  // The range: 200 to 141 days ago (whole UK days); requests just outside it must not count.
  const rangeStart = new Date(Date.now() - 200 * DAY);
  const from = day(200);
  const to = day(141);

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    manager = await staffUser(desk, 'manager');
    const record = desk.app.get(RecordPlacementRequestUseCase);
    const panel = desk.app.get(PlacementPanelUseCase);
    const outcomes = desk.app.get(RecordOutcomeUseCase);
    const evidence = desk.app.get(UpdateEvidenceUseCase);
    const actor = { username: manager.username, role: 'manager' };
    const rand = prng(20261202);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const noon = (d: Date) => new Date(`${d.toISOString().slice(0, 10)}T12:00:00Z`);

    const submit = async (
      childId: string,
      type: string,
      basis: string,
      emergency: boolean,
      complete: boolean,
      at: Date,
    ) =>
      record.execute({
        body: placementBody(childId, {
          placementType: type,
          legalBasis: basis,
          emergency,
          evidence: complete ? evidenceAsOf(at) : undefined,
        }),
        submittedBy: { userId: 'u', username: manager.username, role: 'manager' },
        receivedAt: at,
      });

    for (let i = 0; i < 36; i++) {
      const at = noon(new Date(rangeStart.getTime() + (i % 58) * DAY + DAY));
      const type = pick(TYPES);
      const basis = pick(BASES);
      const emergency = rand() < 0.1;
      const complete = rand() < 0.3;
      const { childId } = await seedChild(ds);
      const r = await submit(childId, type, basis, emergency, complete, at);
      const p: Planned = {
        id: r.id,
        type,
        basis,
        first: r.gatekeeping.outcome as Planned['first'],
        repeat: false,
        clearedLater: false,
        decisions: [],
        daysToDecision: null,
        outcome: null,
      };
      const isEmergency = emergency || basis === 'police_protection' || basis === 'epo';
      expect(p.first).toBe(isEmergency ? 'RETROSPECTIVE_REVIEW' : complete ? 'CLEARED' : 'HELD_FOR_PANEL');
      planned.push(p);

      // A repeat for the same child and type while the first is held: linked, counted as a repeat.
      if (p.first === 'HELD_FOR_PANEL' && i % 7 === 0) {
        const again = await submit(childId, type, basis, false, false, new Date(at.getTime() + 3600000));
        planned.push({ ...p, id: again.id, repeat: true, decisions: [], outcome: null });
      }
      // Some held requests are cleared later by evidence dated before their receipt.
      if (p.first === 'HELD_FOR_PANEL' && i % 5 === 1) {
        await evidence.execute(r.id, evidenceAsOf(at), actor, new Date(at.getTime() + DAY));
        p.clearedLater = true;
      } else if (p.first !== 'CLEARED' && rand() < 0.7) {
        // The panel decides after a whole number of days, some deferred once first.
        const days = 1 + Math.floor(rand() * 9);
        if (rand() < 0.4) {
          const d = await panel.decide(
            r.id,
            {
              decision: 'deferred',
              reason: 'Alternatives first.',
              actions: [{ action: 'convene_fgc', owner: 'FGC service', dueBy: day(-1, at) }],
            },
            actor,
            new Date(at.getTime() + DAY / 2),
          );
          p.decisions.push('deferred');
          expect(d.panelDecisions).toHaveLength(1);
        }
        const decision = pick(['approved', 'approved_with_conditions', 'declined']);
        await panel.decide(
          r.id,
          {
            decision,
            reason: 'Decided.',
            ...(decision === 'approved_with_conditions'
              ? { actions: [{ action: 'other', owner: 'x', dueBy: day(-30, at) }] }
              : {}),
          },
          actor,
          new Date(at.getTime() + days * DAY),
        );
        p.decisions.push(decision);
        p.daysToDecision = days;
      }
      // What finally happened, for most.
      const roll = rand();
      if (roll < 0.45) {
        p.outcome = {
          outcome: 'placed',
          placementType: pick(TYPES),
          provider: pick(PROVIDERS),
          outOfCounty: rand() < 0.3,
          startDate: day(0, at),
          weeklyCost: Math.round(rand() * 3000000) / 100,
        } as Planned['outcome'];
      } else if (roll < 0.75) p.outcome = { outcome: 'diverted', how: pick(HOWS) };
      else if (roll < 0.85)
        p.outcome = { outcome: 'withdrawn', reason: 'The family moved away.' } as Planned['outcome'];
      if (p.outcome) await outcomes.execute(r.id, p.outcome, actor, new Date(at.getTime() + 20 * DAY));
    }
    // Outside the range on either side: never counted.
    for (const at of [noon(new Date(Date.now() - 201 * DAY)), noon(new Date(Date.now() - 140 * DAY))]) {
      const { childId } = await seedChild(ds);
      const r = await submit(childId, 'secure', 'remand', false, false, at);
      await outcomes.execute(
        r.id,
        {
          outcome: 'placed',
          placementType: 'secure',
          provider: 'unregistered',
          outOfCounty: true,
          startDate: day(0, at),
          weeklyCost: 30000,
        },
        actor,
        at,
      );
    }
  });
  afterAll(async () => {
    await desk?.close();
  });

  const round = (n: number, p: number) => Math.round(n * 10 ** p) / 10 ** p;
  const share = (count: number, whole: number) => ({ count, share: whole ? round(count / whole, 4) : null });
  const tally = (keys: string[], values: string[]) =>
    Object.fromEntries(keys.map((k) => [k, values.filter((v) => v === k).length]));

  function expected() {
    const total = planned.length;
    const placed = planned.filter((p) => p.outcome?.outcome === 'placed');
    const diverted = planned.filter((p) => p.outcome?.outcome === 'diverted');
    const withdrawn = planned.filter((p) => p.outcome?.outcome === 'withdrawn');
    const ended = placed.length + diverted.length + withdrawn.length;
    const days = planned
      .filter((p) => p.daysToDecision !== null)
      .map((p) => p.daysToDecision!)
      .sort((a, b) => a - b);
    const median =
      days.length % 2 ? days[(days.length - 1) / 2] : (days[days.length / 2 - 1] + days[days.length / 2]) / 2;
    const costs = placed.map((p) => p.outcome!.weeklyCost!);
    const committed = round(
      costs.reduce((a, b) => a + b, 0),
      2,
    );
    const byProvider = Object.fromEntries(
      PROVIDERS.map((k) => [k, share(placed.filter((p) => p.outcome!.provider === k).length, placed.length)]),
    );
    return {
      from,
      to,
      requests: {
        total,
        byType: tally(
          TYPES,
          planned.map((p) => p.type),
        ),
        byLegalBasis: tally(
          BASES,
          planned.map((p) => p.basis),
        ),
      },
      gatekeeping: {
        held: share(planned.filter((p) => p.first === 'HELD_FOR_PANEL').length, total),
        cleared: share(planned.filter((p) => p.first === 'CLEARED').length, total),
        emergency: share(planned.filter((p) => p.first === 'RETROSPECTIVE_REVIEW').length, total),
        repeats: planned.filter((p) => p.repeat).length,
        clearedLaterByEvidence: planned.filter((p) => p.clearedLater).length,
      },
      panel: {
        decisions: tally(
          ['approved', 'approved_with_conditions', 'declined', 'deferred'],
          planned.flatMap((p) => p.decisions),
        ),
        requestsDecided: days.length,
        daysToDecision: {
          mean: round(days.reduce((a, b) => a + b, 0) / days.length, 1),
          median: round(median, 1),
          max: days[days.length - 1],
        },
      },
      outcomes: {
        placed: placed.length,
        diverted: diverted.length,
        withdrawn: withdrawn.length,
        open: total - ended,
        diversionRate: round(diverted.length / ended, 4),
        divertedHow: tally(
          HOWS,
          diverted.map((p) => p.outcome!.how!),
        ),
      },
      placements: {
        count: placed.length,
        byProvider,
        inHouse: byProvider.in_house,
        independent: byProvider.independent,
        outOfCounty: share(placed.filter((p) => p.outcome!.outOfCounty).length, placed.length),
        unregistered: byProvider.unregistered,
        byType: tally(
          TYPES,
          placed.map((p) => p.outcome!.placementType!),
        ),
        weeklyCostCommitted: committed,
        meanWeeklyCost: round(committed / costs.length, 2),
        highestWeeklyCost: Math.max(...costs),
      },
    };
  }

  it('the read answers every figure exactly as the requests sent say', async () => {
    // The generated set exercises every figure.
    const e = expected();
    expect(
      e.gatekeeping.held.count && e.gatekeeping.cleared.count && e.gatekeeping.emergency.count,
    ).toBeTruthy();
    expect(
      e.gatekeeping.repeats && e.gatekeeping.clearedLaterByEvidence && e.panel.decisions.deferred,
    ).toBeTruthy();
    expect(e.outcomes.placed && e.outcomes.diverted && e.outcomes.withdrawn && e.outcomes.open).toBeTruthy();
    const res = await call(desk, manager.token, 'GET', `/v1/insights/placements?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(e);
  });

  it('the CSV export carries the same figures, one row each', async () => {
    const res = await fetch(`${desk.url}/v1/insights/placements.csv?from=${from}&to=${to}`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = (await res.text()).trim().split('\n');
    expect(rows[0]).toBe('figure,value');
    const csv = Object.fromEntries(rows.slice(1).map((r) => r.split(',')));
    const e = expected();
    expect(csv['requests.total']).toBe(String(e.requests.total));
    expect(csv['outcomes.diversionRate']).toBe(String(e.outcomes.diversionRate));
    expect(csv['placements.weeklyCostCommitted']).toBe(String(e.placements.weeklyCostCommitted));
    expect(csv['placements.outOfCounty.share']).toBe(String(e.placements.outOfCounty.share));
    expect(csv['gatekeeping.held.share']).toBe(String(e.gatekeeping.held.share));
    expect(csv['panel.daysToDecision.median']).toBe(String(e.panel.daysToDecision.median));
    expect(csv['requests.byType.secure']).toBe(String(e.requests.byType.secure));
    // Every leaf figure of the read is a row.
    const leaves = (v: unknown): number =>
      v !== null && typeof v === 'object' ? Object.values(v).reduce((n: number, c) => n + leaves(c), 0) : 1;
    expect(rows.length - 1).toBe(leaves(e));
  });

  it('refuses a bad range, and readers below manager', async () => {
    const bad = await call(desk, manager.token, 'GET', `/v1/insights/placements?from=${to}&to=${from}`);
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'query:to', message: 'must not be before from' }]);
    const missing = await call(desk, manager.token, 'GET', '/v1/insights/placements');
    expect(missing.body.errors.map((x: any) => x.path)).toEqual(['query:from', 'query:to']);
    for (const role of ['social_worker', 'duty_worker'] as const) {
      const who = await staffUser(desk, role);
      expect(
        (await call(desk, who.token, 'GET', `/v1/insights/placements?from=${from}&to=${to}`)).status,
      ).toBe(403);
    }
  });
});
