import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { StaffRole, StaffTokens } from '@app/auth';
import { addWorkingDays, bundledCriteriaRegistry } from '@app/criteria';
import { isolateTestFile } from '@app/testing';
import { DAY_MS, fromLondon, HOUR_MS, toLondon, weekdayOf } from '../../libs/criteria/src/london-time';
import { call, minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';
import { RunningApp, startDesk } from '../support/apps';

const MINUTE = 60_000;
const isoDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * The dashboard's per-partner figures against a generated set with known outcomes: contacts at known
 * London times, first duty decisions either side of one working day, closes with and without no further
 * action and with referral outcomes (the default REFERRAL_OUTCOMES).
 */
describe('feedback to referrers: per-partner figures on the dashboard', () => {
  let desk: RunningApp;
  let ds: DataSource;
  const calendar = bundledCriteriaRegistry().current().calendar;
  let wednesday = 0;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    // A Wednesday some weeks back whose Thursday, Friday and next Monday are all working days.
    const today = toLondon(Date.now()).day;
    wednesday = today - 21 - ((weekdayOf(today) - 3 + 7) % 7);
    const ok = (w: number) =>
      addWorkingDays(new Date(fromLondon(w, 10 * HOUR_MS)), 1, calendar).getTime() ===
        fromLondon(w + 1, 10 * HOUR_MS) &&
      addWorkingDays(new Date(fromLondon(w + 2, 15 * HOUR_MS)), 1, calendar).getTime() ===
        fromLondon(w + 5, 15 * HOUR_MS);
    while (!ok(wednesday)) wednesday -= 7;
  });
  afterAll(async () => {
    await desk?.close();
  });

  const token = (role: StaffRole) =>
    desk.app.get(StaffTokens).issue({ id: randomUUID(), username: `${role}-figures`, role });

  async function partner(name: string): Promise<string> {
    const id = randomUUID();
    await ds.query(`INSERT INTO partners (id, name, agency, organisation) VALUES ($1, $2, 'school', $3)`, [
      id,
      `${name}-${id.slice(0, 8)}`,
      `${name} School`,
    ]);
    return id;
  }

  /** A contact received at `receivedAt`, first decided at `decidedAt` (or never), then maybe closed. */
  async function contact(
    partnerId: string,
    receivedAt: number,
    decidedAt: number | null,
    close?: { outcome: string; cin: boolean },
  ): Promise<void> {
    const { contactId, childId } = await seedItem(ds, {
      dueAt: minutesFromNow(60),
      receivedAt: new Date(receivedAt),
      partnerId,
    });
    const decision = (kind: string, at: number, outcome: string | null, cin: boolean | null) =>
      ds.query(
        `INSERT INTO duty_decisions (id, contact_id, child_id, kind, actor, actor_role, recommended, need_level, route,
                                     team, outcome, cin_no_further_action, created_at)
         VALUES ($1,$2,$3,$4,'figures-test','duty_worker','{}',2,'LOCALITY_EARLY_HELP','LOCALITY_NORTH',$5,$6,$7)`,
        [randomUUID(), contactId, childId, kind, outcome, cin, new Date(at)],
      );
    if (decidedAt === null) return;
    await decision('confirm', decidedAt, null, null);
    if (close) await decision('close', decidedAt + 30 * MINUTE, close.outcome, close.cin);
  }

  it('counts contacts sent, decided within one working day, no further action and referrals per partner', async () => {
    const wed10 = fromLondon(wednesday, 10 * HOUR_MS);
    const thu = (h: number, m = 0) => fromLondon(wednesday + 1, h * HOUR_MS + m * MINUTE);
    const fri15 = fromLondon(wednesday + 2, 15 * HOUR_MS);
    const mon = (h: number) => fromLondon(wednesday + 5, h * HOUR_MS);

    // Partner one: 10 contacts on Wednesday 10:00. 4 decided by Thursday 10:00, 3 after, 3 never; NFA by
    // the outcome twice and by the CIN flag once; 3 referral outcomes.
    const one = await partner('one');
    await contact(one, wed10, thu(9, 59), { outcome: 'NO_FURTHER_ACTION', cin: false });
    await contact(one, wed10, thu(9), { outcome: 'STATUTORY_ASSESSMENT', cin: false });
    await contact(one, wed10, wed10 + 2 * HOUR_MS, { outcome: 'FAMILY_SUPPORT', cin: false });
    await contact(one, wed10, thu(10), { outcome: 'EARLY_HELP', cin: false });
    await contact(one, wed10, thu(10, 1), { outcome: 'NO_FURTHER_ACTION', cin: false });
    await contact(one, wed10, thu(16), { outcome: 'ADVICE_GIVEN', cin: true });
    await contact(one, wed10, mon(9), { outcome: 'STATUTORY_ASSESSMENT', cin: false });
    for (let i = 0; i < 3; i++) await contact(one, wed10, null);

    // Partner two: 4 contacts on Friday 15:00; one working day runs to Monday 15:00.
    const two = await partner('two');
    await contact(two, fri15, mon(14), { outcome: 'STRATEGY_DISCUSSION', cin: false });
    await contact(two, fri15, mon(14));
    await contact(two, fri15, fri15 + HOUR_MS);
    await contact(two, fri15, mon(16), { outcome: 'ALLOCATED_TEAM_INFORMED', cin: false });

    // Partner three: only a contact the day after the window.
    const three = await partner('three');
    await contact(three, fromLondon(wednesday + 6, 30 * MINUTE), null);

    const manager = await staffUser(desk, 'manager');
    const res = await call(
      desk,
      manager.token,
      'GET',
      `/v1/insights/partners?from=${isoDate(wednesday)}&to=${isoDate(wednesday + 5)}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.referralOutcomes).toEqual([
      'STATUTORY_ASSESSMENT',
      'STRATEGY_DISCUSSION',
      'FAMILY_SUPPORT',
    ]);
    const ours = res.body.partners.filter((p: any) => [one, two, three].includes(p.partnerId));
    expect(ours).toEqual([
      {
        partnerId: one,
        name: expect.stringMatching(/^one-/),
        agency: 'school',
        organisation: 'one School',
        contactsSent: 10,
        // Wednesday noon, Thursday 09:00 and 09:59 are in time; Thursday 10:00 is exactly one working day: in time.
        decidedWithinOneWorkingDay: { count: 4, share: 0.4 },
        noFurtherAction: { count: 3, share: 0.3 },
        referrals: { count: 3, share: 0.3 },
      },
      {
        partnerId: two,
        name: expect.stringMatching(/^two-/),
        agency: 'school',
        organisation: 'two School',
        contactsSent: 4,
        decidedWithinOneWorkingDay: { count: 3, share: 0.75 },
        noFurtherAction: { count: 0, share: 0 },
        referrals: { count: 1, share: 0.25 },
      },
    ]);
  });

  it('is for duty managers, managers and heads of service, and names a bad window', async () => {
    const path = `/v1/insights/partners?from=${isoDate(wednesday)}&to=${isoDate(wednesday + 5)}`;
    expect((await call(desk, null, 'GET', path)).status).toBe(401);
    for (const role of ['duty_manager', 'manager', 'head_of_service'] as const)
      expect((await call(desk, token(role), 'GET', path)).status).toBe(200);
    for (const role of ['duty_worker', 'social_worker', 'admin'] as const)
      expect((await call(desk, token(role), 'GET', path)).status).toBe(403);
    const bad = await call(desk, token('manager'), 'GET', '/v1/insights/partners?to=x');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['query:from', 'query:to']);
  });
});
