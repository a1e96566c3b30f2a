import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { RunningApp } from '../support/apps';
import { call, seedItem, startDeskWith } from '../desk/desk-harness';
import { plusDays } from '../returns/county-year';

/**
 * The dashboard's referral figures over any window cost its days, not its referrals (issue 21): they are
 * read from figures kept per referral date, recounted only for the days a write has changed.
 */
describe("the dashboard's referral figures are kept per day", () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { token: string };
  // Each test has a year of its own, long ago (the dashboard reads any window; nothing depends on today).
  let year = 2010;

  beforeAll(async () => {
    ({ desk, ds, user: manager } = await startDeskWith('manager'));
  });
  afterAll(async () => {
    await desk?.close();
  });

  const contactOf = async (day: string, childId?: string) => {
    if (childId && !(await ds.query('SELECT 1 FROM children WHERE id = $1', [childId])).length)
      await ds.query('INSERT INTO children (id) VALUES ($1)', [childId]);
    return seedItem(ds, {
      dueAt: new Date(`${day}T12:00:00Z`),
      receivedAt: new Date(`${day}T10:00:00Z`),
      childId,
    });
  };
  const referral = async (contactId: string, day: string, nfa = false) =>
    ds.query(
      `INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, decided_at)
       VALUES ($1, $2, $3, '2A', $4, $5, $6)`,
      [
        randomUUID(),
        contactId,
        day,
        nfa ? 'NO_FURTHER_ACTION' : 'STATUTORY_ASSESSMENT',
        nfa,
        `${day}T15:00:00Z`,
      ],
    );
  const summary = async (from: string, to: string) => {
    const res = await call(desk, manager.token, 'GET', `/v1/insights/summary?from=${from}&to=${to}`);
    expect(res.status).toBe(200);
    return res.body.referrals;
  };

  it('reads the kept figures of a day, not its referrals, until a write to that day marks it for recounting', async () => {
    const y = (year += 3);
    const day = `${y}-05-04`;
    const a = await contactOf(day);
    await referral(a.contactId, day, true);
    expect(await summary(`${y}-01-01`, `${y}-12-31`)).toEqual({
      count: 1,
      reReferrals: 0,
      reReferralRate: 0,
      noFurtherAction: 1,
      byDay: { [day]: 1 },
    });
    // What is read is the kept figure (changed here behind the service's back): the referrals are not read.
    await ds.query('UPDATE referral_daily SET referrals = 7 WHERE day = $1', [day]);
    expect((await summary(`${y}-01-01`, `${y}-12-31`)).count).toBe(7);
    // A write to the day's referrals recounts it.
    await ds.query('UPDATE referrals SET no_further_action = false WHERE contact_id = $1', [a.contactId]);
    expect(await summary(`${y}-01-01`, `${y}-12-31`)).toMatchObject({ count: 1, noFurtherAction: 0 });
  });

  it("an older referral recorded later makes the child's later one a re-referral (the days after it recounted)", async () => {
    const y = (year += 3);
    const child = randomUUID();
    const later = await contactOf(`${y}-09-01`, child);
    await referral(later.contactId, `${y}-09-01`);
    expect(await summary(`${y}-01-01`, `${y}-12-31`)).toMatchObject({ count: 1, reReferrals: 0 });
    // An imported outcome from months before, recorded now: only 1 September's figure changes.
    const earlier = await contactOf(`${y - 1}-11-20`, child);
    await referral(earlier.contactId, `${y - 1}-11-20`);
    expect(await summary(`${y}-01-01`, `${y}-12-31`)).toMatchObject({
      count: 1,
      reReferrals: 1,
      reReferralRate: 1,
      byDay: { [`${y}-09-01`]: 1 },
    });
    expect(await summary(`${y - 1}-01-01`, `${y}-12-31`)).toMatchObject({ count: 2, reReferrals: 1 });
  });

  it('a merge of two children moves their referrals: the later one becomes a re-referral', async () => {
    const y = (year += 3);
    const first = await contactOf(`${y}-02-10`);
    const second = await contactOf(`${y}-06-15`);
    await referral(first.contactId, `${y}-02-10`);
    await referral(second.contactId, `${y}-06-15`);
    const window = [`${y}-01-01`, `${y}-12-31`] as const;
    expect(await summary(...window)).toMatchObject({ count: 2, reReferrals: 0 });
    // As a merge moves a child's contacts (match-child.ts, review-match.usecase.ts).
    await ds.query('UPDATE contacts SET child_id = $1 WHERE child_id = $2', [first.childId, second.childId]);
    expect(await summary(...window)).toMatchObject({ count: 2, reReferrals: 1, reReferralRate: 0.5 });
    // And the split undone: no re-referral again.
    await ds.query('UPDATE contacts SET child_id = $1 WHERE id = $2', [second.childId, second.contactId]);
    expect(await summary(...window)).toMatchObject({ count: 2, reReferrals: 0 });
  });

  it('a read never waits for a day another is recounting: it reads that day as last counted', async () => {
    const y = (year += 3);
    const a = await contactOf(`${y}-07-07`);
    await referral(a.contactId, `${y}-07-07`);
    expect((await summary(`${y}-01-01`, `${y}-12-31`)).count).toBe(1);
    const b = await contactOf(`${y}-07-07`);
    await referral(b.contactId, `${y}-07-07`);
    // Another reader (or writer) holds the day's mark, uncommitted.
    const other = ds.createQueryRunner();
    await other.connect();
    try {
      await other.startTransaction();
      await other.query(`SELECT 1 FROM referral_days_stale WHERE day = $1 FOR UPDATE`, [`${y}-07-07`]);
      expect((await summary(`${y}-01-01`, `${y}-12-31`)).count).toBe(1);
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    expect((await summary(`${y}-01-01`, `${y}-12-31`)).count).toBe(2);
  });

  it('referrals more than twelve months apart are not re-referrals; the window ends on its last day', async () => {
    const y = (year += 3);
    const child = randomUUID();
    const a = await contactOf(`${y}-03-01`, child);
    const b = await contactOf(plusDays(`${y}-03-01`, 400), child);
    await referral(a.contactId, `${y}-03-01`);
    await referral(b.contactId, plusDays(`${y}-03-01`, 400));
    expect(await summary(`${y}-01-01`, plusDays(`${y}-03-01`, 400))).toMatchObject({
      count: 2,
      reReferrals: 0,
    });
    expect(await summary(`${y}-01-01`, plusDays(`${y}-03-01`, 399))).toMatchObject({ count: 1 });
  });
});
