import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bundledCriteriaRegistry } from '@app/criteria';
import { PartnerAdmin, RecordContactUseCase } from '@app/intake';
import { contactBody, isolateTestFile, nhsNumberFor, waitFor } from '@app/testing';
import { ImportContactsUseCase } from '../../apps/insights/src/import/import-contacts.usecase';
import { londonDate } from '../../apps/desk/src/referrals/referral-codes';
import { childUniqueId } from '../../apps/desk/src/referrals/referral-codes';
import { RunningApp, startDesk, startTriage } from '../support/apps';
import { call, minutesFromNow, seedItem, staffUser } from '../desk/desk-harness';
import { plusDays } from './county-year';

describe('referrals: made and joined at the desk and by historical import', () => {
  let desk: RunningApp;
  let triage: RunningApp;
  let ds: DataSource;
  let worker: { username: string; token: string };
  let manager: { username: string; token: string };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    triage = await startTriage();
    ds = desk.app.get(DataSource);
    worker = await staffUser(desk, 'duty_worker');
    manager = await staffUser(desk, 'manager');
  });
  afterAll(async () => {
    await triage?.close();
    await desk?.close();
  });

  const closeAtDesk = async (contactId: string, body: object) => {
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/claim`)).status).toBe(200);
    expect((await call(desk, worker.token, 'POST', `/v1/queue/${contactId}/confirm`, {})).status).toBe(200);
    return call(desk, worker.token, 'POST', `/v1/queue/${contactId}/close`, body);
  };

  it('closing with a referral outcome makes the referral; a contact while it is open joins it; the child view shows it; audited', async () => {
    const a = await seedItem(ds, {
      dueAt: minutesFromNow(60),
      receivedAt: new Date(Date.now() - 50 * 3600_000),
    });
    const b = await seedItem(ds, { dueAt: minutesFromNow(60), childId: a.childId });
    const before = await call(desk, worker.token, 'GET', `/v1/queue/${a.contactId}/referral-preview`);
    expect(before.body).toMatchObject({
      referralOutcomes: ['STATUTORY_ASSESSMENT', 'STRATEGY_DISCUSSION', 'FAMILY_SUPPORT'],
      suggestedPrimaryNeed: null,
      joins: null,
    });
    // The contact's only indicator suggests no primary need: the worker must give one.
    const refused = await closeAtDesk(a.contactId, {
      outcome: 'STATUTORY_ASSESSMENT',
      cinNoFurtherAction: false,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: any) => e.path)).toEqual(['primaryNeed']);
    const made = await call(desk, worker.token, 'POST', `/v1/queue/${a.contactId}/close`, {
      outcome: 'STATUTORY_ASSESSMENT',
      cinNoFurtherAction: false,
      primaryNeed: 'N4',
    });
    expect(made.status).toBe(200);
    expect(made.body.referral).toMatchObject({ joined: false, primaryNeed: 'N4' });
    const preview = await call(desk, worker.token, 'GET', `/v1/queue/${b.contactId}/referral-preview`);
    expect(preview.body.joins).toMatchObject({ referralId: made.body.referral.id, primaryNeed: 'N4' });
    const joined = await closeAtDesk(b.contactId, { outcome: 'FAMILY_SUPPORT', cinNoFurtherAction: false });
    expect(joined.body.referral).toEqual({ id: made.body.referral.id, joined: true, primaryNeed: 'N4' });

    const view = await call(desk, worker.token, 'GET', `/v1/children/${a.childId}`);
    expect(view.body.referrals).toHaveLength(1);
    expect(view.body.referrals[0]).toMatchObject({
      id: made.body.referral.id,
      source: '2A',
      noFurtherAction: false,
      primaryNeed: 'N4',
      closedOn: null,
      worker: worker.username,
      contactIds: [a.contactId, b.contactId],
      reReferral: false,
    });
    const [audit] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'decision.close' AND subject_id = $1`,
      [b.contactId],
    );
    expect(audit.details).toMatchObject({ referralId: made.body.referral.id, joinedReferral: true });

    // The CIN episode ends: the referral is closed with its date and reason; a later referral outcome makes a
    // new referral, a re-referral.
    const yesterday = londonDate(new Date(Date.now() - 24 * 3600_000));
    const bad = await call(desk, worker.token, 'POST', `/v1/referrals/${made.body.referral.id}/close`, {
      closedOn: '2001-01-01',
      reason: 'RC0',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['reason']);
    const closed = await call(desk, worker.token, 'POST', `/v1/referrals/${made.body.referral.id}/close`, {
      closedOn: yesterday,
      reason: 'RC7',
    });
    expect(closed.body).toEqual({
      referralId: made.body.referral.id,
      closedOn: yesterday,
      closureReason: 'RC7',
    });
    expect(
      (
        await call(desk, worker.token, 'POST', `/v1/referrals/${made.body.referral.id}/close`, {
          closedOn: yesterday,
          reason: 'RC7',
        })
      ).status,
    ).toBe(409);
    const c = await seedItem(ds, { dueAt: minutesFromNow(60), childId: a.childId, receivedAt: new Date() });
    const again = await closeAtDesk(c.contactId, { outcome: 'FAMILY_SUPPORT', cinNoFurtherAction: true });
    expect(again.body.referral.joined).toBe(false);
    const list = (await call(desk, worker.token, 'GET', `/v1/children/${a.childId}/referrals`)).body
      .referrals;
    expect(list.map((r: any) => [r.closureReason, r.reReferral])).toEqual([
      ['RC7', false],
      ['RC7', true],
    ]);
  });

  it('an outcome that is not a referral outcome makes no referral', async () => {
    const a = await seedItem(ds, { dueAt: minutesFromNow(60) });
    const res = await closeAtDesk(a.contactId, { outcome: 'EARLY_HELP', cinNoFurtherAction: false });
    expect(res.status).toBe(200);
    expect(res.body.referral).toBeUndefined();
    expect(
      (await call(desk, worker.token, 'GET', `/v1/children/${a.childId}/referrals`)).body.referrals,
    ).toEqual([]);
  });

  it('two referral outcomes on one day make one referral: a same-day further action reopens one closed with no further action', async () => {
    const receivedAt = new Date(Date.now() - 60_000); // one instant, so one London day whatever the hour
    const a = await seedItem(ds, { dueAt: minutesFromNow(60), receivedAt });
    const b = await seedItem(ds, { dueAt: minutesFromNow(60), childId: a.childId, receivedAt });
    const first = await closeAtDesk(a.contactId, { outcome: 'FAMILY_SUPPORT', cinNoFurtherAction: true });
    expect(first.body.referral.joined).toBe(false);
    const [closed] = await ds.query('SELECT closed_on, closure_reason FROM referrals WHERE id = $1', [
      first.body.referral.id,
    ]);
    expect(closed.closure_reason).toBe('RC7');
    const second = await closeAtDesk(b.contactId, {
      outcome: 'STRATEGY_DISCUSSION',
      cinNoFurtherAction: false,
      primaryNeed: 'N1',
    });
    expect(second.body.referral).toEqual({ id: first.body.referral.id, joined: true, primaryNeed: 'N1' });
    const list = (await call(desk, worker.token, 'GET', `/v1/children/${a.childId}/referrals`)).body
      .referrals;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      noFurtherAction: false,
      closedOn: null,
      closureReason: null,
      primaryNeed: 'N1',
    });
  });

  it('records sex, ethnicity, disability and UPN on the child (audited, values never in the audit); refuses bad codes naming each field', async () => {
    const a = await seedItem(ds, { dueAt: minutesFromNow(60) });
    const bad = await call(desk, worker.token, 'PUT', `/v1/children/${a.childId}/characteristics`, {
      sex: 'X',
      ethnicity: 'ZZZZ',
      disabilities: ['MOB', 'MOB'],
      upn: 'A123',
      other: 1,
    });
    // An unknown field makes the body malformed (400); every field at fault is still named.
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual([
      'disabilities',
      'ethnicity',
      'other',
      'sex',
      'upn',
    ]);
    expect(JSON.stringify(bad.body)).not.toContain('ZZZZ');
    const ok = await call(desk, worker.token, 'PUT', `/v1/children/${a.childId}/characteristics`, {
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['HEAR'],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['HEAR'],
      upn: null,
      recordedBy: worker.username,
    });
    const [audit] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'child.characteristics.record' AND child_id = $1`,
      [a.childId],
    );
    expect(audit.details).toEqual({ fields: ['sex', 'ethnicity', 'disabilities'] });
    expect(
      (await call(desk, manager.token, 'PUT', `/v1/children/${a.childId}/characteristics`, { sex: 'M' }))
        .status,
    ).toBe(403);
  });

  it('historical import: each line may carry its outcome; once triage knows the child the returns have its referrals, re-referral included', async () => {
    const base = plusDays(new Date().toISOString().slice(0, 10), -400);
    const nhs = nhsNumberFor(Math.floor(Math.random() * 9000) + 500);
    const line = (day: number, outcome?: object, extra: object = {}) =>
      JSON.stringify({
        partner: `Old system ${randomUUID()}`.slice(0, 40),
        receivedAt: `${plusDays(base, day)}T10:00:00Z`,
        ...contactBody({
          source: { agency: 'police', organisation: 'Thames Valley Police' },
          child: { nhsNumber: nhs, firstName: 'Hist', lastName: 'Imported', ethnicity: 'WIRI' },
        }),
        ...(outcome ? { outcome } : {}),
        ...extra,
      });
    const at = (day: number) => `${plusDays(base, day)}T15:00:00Z`;
    const criteria = bundledCriteriaRegistry();
    const importer = new ImportContactsUseCase(
      ds,
      criteria,
      new RecordContactUseCase(ds, criteria),
      new PartnerAdmin(ds),
    );
    const report = await importer.execute([
      line(0, { decidedAt: at(0), outcome: 'FAMILY_SUPPORT', noFurtherAction: true }),
      line(100, {
        decidedAt: at(101),
        outcome: 'STATUTORY_ASSESSMENT',
        noFurtherAction: false,
        primaryNeed: 'N3',
      }),
      line(110, { decidedAt: at(110), outcome: 'STRATEGY_DISCUSSION', noFurtherAction: false }),
      line(120),
      line(130, { decidedAt: at(130), outcome: 'REFERRED', noFurtherAction: 'no', extra: 1 }),
      line(140, { decidedAt: at(139), outcome: 'EARLY_HELP', noFurtherAction: false }),
    ]);
    expect(report.imported).toBe(4);
    expect(report.rejected.map((r) => [r.line, r.errors.map((e) => e.path).sort()])).toEqual([
      [5, ['outcome.extra', 'outcome.noFurtherAction', 'outcome.outcome']],
      [6, ['outcome.decidedAt']],
    ]);
    const childId: string = await waitFor(
      'triage to give the imported contacts their child',
      async () => {
        const rows = await ds.query(
          `SELECT DISTINCT child_id FROM contacts WHERE imported AND nhs_number = $1 AND child_id IS NOT NULL`,
          [nhs],
        );
        const pending = await ds.query(
          `SELECT 1 FROM contacts WHERE imported AND nhs_number = $1 AND child_id IS NULL`,
          [nhs],
        );
        return rows.length === 1 && !pending.length ? rows[0].child_id : undefined;
      },
      30_000,
    );
    const res = await call(desk, worker.token, 'GET', `/v1/children/${childId}/referrals`);
    expect(res.body.referrals).toMatchObject([
      {
        referralDate: base,
        noFurtherAction: true,
        closedOn: base,
        closureReason: 'RC7',
        reReferral: false,
        imported: true,
      },
      {
        referralDate: plusDays(base, 100),
        noFurtherAction: false,
        primaryNeed: 'N3',
        reReferral: true,
        referralsInLast12Months: 2,
      },
    ]);
    expect(res.body.referrals[1].contactIds).toHaveLength(2);
    const annex = await fetch(`${desk.url}/v1/returns/annex-a?from=${base}&to=${plusDays(base, 200)}`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(annex.status).toBe(200);
    const [dl] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'returns.annex_a.download' ORDER BY seq DESC LIMIT 1`,
    );
    expect(dl.details.rows.list3).toBeGreaterThanOrEqual(2);
    expect(childUniqueId(childId)).toHaveLength(15);
  });
});
