import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ETHNICITIES } from '@app/contracts';
import { isolateTestFile } from '@app/testing';
import { countUncounted } from '../../apps/insights/src/counts/count-contact';
import { ANNEX_A_SHEETS } from '../../apps/desk/src/returns/annex-a';
import { censusPeriod, validateCinMessage } from '../../apps/desk/src/returns/cin-rules';
import { childUniqueId } from '../../apps/desk/src/referrals/referral-codes';
import { RunningApp, startDesk } from '../support/apps';
import { call, staffUser } from '../desk/desk-harness';
import { parseCinXml, plusDays, rng, SeedChild, SeedContact, seedHistory, upnFor } from './county-year';

const DISABILITY_CODES = [
  'MOB',
  'HAND',
  'PC',
  'INC',
  'COMM',
  'LD',
  'HEAR',
  'VIS',
  'BEH',
  'CON',
  'AUT',
  'DDA',
  'NONE',
];
const ETHNICITY = ['WBRI', 'WOTH', 'MWBC', 'AIND', 'BAFR', 'CHNE', undefined];
const SOURCES: [string, string][] = [
  ['police', '6'],
  ['school', '2A'],
  ['health_gp', '3A'],
  ['family_member', '1A'],
];

/**
 * A county year the test knows everything about: the census year ending 31 March of last year (so always in
 * the past), children in scripted patterns (a contact only; one referral with no further action; one going on
 * to further action; a second contact joining an open referral; a re-referral within the year; re-referrals at
 * 364 and 366 days across the year's start; an unborn child; a child turning 18), with dates, sources, sexes,
 * ethnicities and UPNs drawn from a seeded generator.
 */
function spansLeapDay(from: string, to: string): boolean {
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) {
    const leap = `${y}-02-29`;
    if (new Date(`${leap}T00:00:00Z`).toISOString().startsWith(leap) && leap >= from && leap <= to)
      return true;
  }
  return false;
}

function countyYear(seed: number) {
  const random = rng(seed);
  const year = new Date().getUTCFullYear() - 1;
  const { start, end } = censusPeriod(year);
  const day = (max = 300) => plusDays(start, Math.floor(random() * max));
  const children: SeedChild[] = [];
  const contacts: SeedContact[] = [];
  const expected = { contacts: 0, referrals: 0, reReferrals: 0, nfa: 0, cinChildren: 0, cinDetails: 0 };
  const furtherAction = new Set<string>();
  const schoolAgeWithoutUpn = new Set<string>();
  let n = 0;
  const child = (extra: Partial<SeedChild> = {}): SeedChild => {
    const i = n++;
    const c: SeedChild = {
      childId: randomUUID(),
      dateOfBirth: plusDays(start, -(365 * (6 + (i % 10)) + Math.floor(random() * 300))),
      gender: i % 2 ? 'female' : 'male',
      ethnicity: ETHNICITY[i % ETHNICITY.length],
      upn: upnFor(1000 + i),
      ...extra,
    };
    children.push(c);
    return c;
  };
  const contact = (c: SeedChild, date: string, outcome?: SeedContact['outcome'], inWindow = true) => {
    const [agency, cinCode] = SOURCES[contacts.length % SOURCES.length];
    contacts.push({ contactId: randomUUID(), childId: c.childId, date, agency, cinCode, outcome });
    if (inWindow) expected.contacts++;
  };
  const nfa = (date: string) => ({
    outcome: 'FAMILY_SUPPORT',
    noFurtherAction: true,
    decidedOn: plusDays(date, 1),
  });
  const further = (date: string, primaryNeed?: string) => ({
    outcome: 'STATUTORY_ASSESSMENT',
    noFurtherAction: false,
    decidedOn: plusDays(date, 2),
    ...(primaryNeed ? { primaryNeed } : {}),
  });

  // A contact only: no referral.
  for (let i = 0; i < 10; i++)
    contact(child(), day(), {
      outcome: i % 2 ? 'NO_FURTHER_ACTION' : 'EARLY_HELP',
      noFurtherAction: i % 2 === 1,
      decidedOn: end,
    });
  // One referral closed with no further action.
  for (let i = 0; i < 8; i++) {
    const d = day();
    contact(child(i === 0 ? { upn: undefined } : {}), d, nfa(d));
    expected.referrals++;
    expected.nfa++;
    expected.cinChildren++;
    expected.cinDetails++;
  }
  // One referral going on to further action; two of these children of school age have no UPN.
  for (let i = 0; i < 8; i++) {
    const c = child(i < 2 ? { upn: undefined } : {});
    if (i < 2) schoolAgeWithoutUpn.add(c.childId);
    furtherAction.add(c.childId);
    const d = day();
    contact(c, d, further(d, `N${1 + i}`));
    expected.referrals++;
    expected.cinChildren++;
    expected.cinDetails++;
  }
  // A second contact while the referral is open joins it.
  for (let i = 0; i < 4; i++) {
    const c = child();
    furtherAction.add(c.childId);
    const d = day(200);
    contact(c, d, further(d, 'N1'));
    contact(c, plusDays(d, 20), {
      outcome: 'STRATEGY_DISCUSSION',
      noFurtherAction: false,
      decidedOn: plusDays(d, 21),
    });
    expected.referrals++;
    expected.cinChildren++;
    expected.cinDetails++;
  }
  // A referral with no further action, then a re-referral 60 days later.
  for (let i = 0; i < 4; i++) {
    const c = child();
    furtherAction.add(c.childId);
    const d = day(200);
    contact(c, d, nfa(d));
    contact(c, plusDays(d, 60), further(plusDays(d, 60), 'N4'));
    expected.referrals += 2;
    expected.nfa++;
    expected.reReferrals++;
    expected.cinChildren++;
    expected.cinDetails += 2;
  }
  // Re-referral at 364 days (counts) and 366 days (does not), the first referral before the year began.
  for (const gap of [364, 364, 366, 366]) {
    const c = child();
    furtherAction.add(c.childId);
    // A first date whose year to the second holds no 29 February, so 364 and 366 days are either side of 12 months.
    let first = plusDays(start, -200);
    while (spansLeapDay(first, plusDays(first, 366))) first = plusDays(first, 10);
    contact(c, first, nfa(first), false);
    contact(c, plusDays(first, gap), further(plusDays(first, gap), 'N2'));
    expected.referrals++;
    if (gap === 364) expected.reReferrals++;
    expected.cinChildren++;
    expected.cinDetails++;
  }
  // An unborn child, due a month after the year ends.
  const unborn = child({
    dateOfBirth: undefined,
    expectedDateOfBirth: plusDays(end, 30),
    gender: undefined,
    upn: undefined,
  });
  contact(unborn, plusDays(end, -60), further(plusDays(end, -60), 'N1'));
  expected.referrals++;
  expected.cinChildren++;
  expected.cinDetails++;
  // A child who turns 18 after the referral, within the year.
  const turning18 = child({ dateOfBirth: plusDays(plusDays(start, 200), -Math.round(18 * 365.25)) });
  furtherAction.add(turning18.childId);
  contact(turning18, plusDays(start, 100), further(plusDays(start, 100), 'N6'));
  expected.referrals++;
  expected.cinChildren++;
  expected.cinDetails++;

  return {
    year,
    start,
    end,
    children,
    contacts,
    expected,
    furtherAction,
    schoolAgeWithoutUpn,
    unborn,
    turning18,
  };
}

describe('returns: Annex A and the CIN census from a generated county year', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { username: string; token: string };
  let worker: { username: string; token: string };
  const county = countyYear(20261);

  const download = async (path: string) => {
    const res = await fetch(`${desk.url}${path}`, { headers: { authorization: `Bearer ${manager.token}` } });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: Buffer.from(await res.arrayBuffer()),
    };
  };

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    manager = await staffUser(desk, 'manager');
    worker = await staffUser(desk, 'duty_worker');
    await seedHistory(ds, county.children, county.contacts);
    await countUncounted(ds.manager);
    // The duty desk records a disability for every born child going on to further action: eight and more
    // codes in use, one child with two.
    let i = 0;
    for (const childId of county.furtherAction) {
      const code = DISABILITY_CODES[i % DISABILITY_CODES.length];
      const disabilities = i === 0 ? ['MOB', 'VIS'] : [code];
      const res = await call(desk, worker.token, 'PUT', `/v1/children/${childId}/characteristics`, {
        disabilities,
      });
      expect(res.status).toBe(200);
      i++;
    }
  }, 120_000);
  afterAll(async () => {
    await desk?.close();
  });

  it('Annex A: List 1 holds every contact of the window and List 3 every referral, with Ofsted codes; the other lists have their headings only', async () => {
    const res = await download(`/v1/returns/annex-a?from=${county.start}&to=${county.end}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as any);
    expect(wb.worksheets.map((w) => w.name)).toEqual(ANNEX_A_SHEETS.map((s) => s.name));
    for (const s of ANNEX_A_SHEETS) {
      const ws = wb.getWorksheet(s.name)!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(s.headings);
      if (s.name !== 'List 1' && s.name !== 'List 3') expect(ws.actualRowCount).toBe(1);
    }
    const rows = (name: string) => {
      const ws = wb.getWorksheet(name)!;
      const out: Record<string, unknown>[] = [];
      const headings = (ws.getRow(1).values as string[]).slice(1);
      ws.eachRow((row, i) => {
        if (i === 1) return;
        const v = (row.values as unknown[]).slice(1);
        out.push(Object.fromEntries(headings.map((h, k) => [h, v[k] ?? null])));
      });
      return out;
    };
    const list1 = rows('List 1');
    const list3 = rows('List 3');
    expect(list1).toHaveLength(county.expected.contacts);
    expect(list3).toHaveLength(county.expected.referrals);
    expect(list3.filter((r) => r['Referral NFA?'] === 'a) Yes')).toHaveLength(county.expected.nfa);
    expect(list3.filter((r) => (r['Number of Referrals in Last 12 Months'] as number) > 1)).toHaveLength(
      county.expected.reReferrals,
    );
    // Every Child Unique ID is the county's own: 15 letters and digits, never a UPN.
    for (const r of [...list1, ...list3]) {
      expect(r['Child Unique ID']).toMatch(/^[A-Z0-9]{15}$/);
      expect(r['LA']).toBe('931');
    }
    const upns = new Set(county.children.map((c) => c.upn));
    expect(list1.some((r) => upns.has(r['Child Unique ID'] as string))).toBe(false);

    // One re-referred child, value by value.
    const reReferred = county.children[30]; // the first of the "re-referral within the year" pattern
    const its = county.contacts.filter((c) => c.childId === reReferred.childId);
    const mine = list3.filter((r) => r['Child Unique ID'] === childUniqueId(reReferred.childId));
    expect(mine).toHaveLength(2);
    const asDate = (d: string) => new Date(`${d}T00:00:00Z`);
    expect(mine[0]).toMatchObject({
      Gender: 'a) Male',
      'Date of Birth': asDate(reReferred.dateOfBirth!),
      'Date of referral': asDate(its[0].date),
      'Referral NFA?': 'a) Yes',
      'Number of Referrals in Last 12 Months': 1,
    });
    expect(mine[1]).toMatchObject({
      'Date of referral': asDate(its[1].date),
      'Referral NFA?': 'b) No',
      'Number of Referrals in Last 12 Months': 2,
    });
    expect(mine[0]['Referral Source']).toBe(
      {
        '6': 'q) 6: Police',
        '2A': 'e) 2A: Schools',
        '3A': 'g) 3A: Health services',
        '1A': 'a) 1A: Individual',
      }[its[0].cinCode],
    );
    const eth = reReferred.ethnicity ?? 'NOBT';
    expect(mine[0]['Ethnicity']).toBe(
      `${String.fromCharCode(97 + ETHNICITIES.indexOf(eth as never))}) ${eth}`,
    );

    // The unborn child: no date of birth or age; the child turning 18 is 17 at the referral.
    const unborn = list3.find((r) => r['Child Unique ID'] === childUniqueId(county.unborn.childId))!;
    expect(unborn['Date of Birth']).toBeNull();
    expect(unborn['Age of Child (Years)']).toBeNull();
    expect(unborn['Gender']).toBe('c) Not stated/recorded');
    const t18 = list3.find((r) => r['Child Unique ID'] === childUniqueId(county.turning18.childId))!;
    expect(t18['Age of Child (Years)']).toBe(17);

    const [audit] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'returns.annex_a.download' AND actor = $1 ORDER BY seq DESC LIMIT 1`,
      [manager.username],
    );
    expect(audit.details).toEqual({
      from: county.start,
      to: county.end,
      rows: { list1: county.expected.contacts, list3: county.expected.referrals },
    });
  });

  it('CIN census: the XML passes every implemented DfE rule with no errors; the only queries are the two children truly lacking a UPN', async () => {
    const res = await download(`/v1/returns/cin-census?year=${county.year}`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/xml');
    const xml = res.body.toString('utf8');
    const msg = parseCinXml(xml);
    expect(msg.header).toMatchObject({ year: String(county.year), referenceDate: county.end, lea: '931' });
    expect(msg.children).toHaveLength(county.expected.cinChildren);
    expect(msg.children.reduce((s, c) => s + c.cinDetails.length, 0)).toBe(county.expected.cinDetails);

    const issues = validateCinMessage(msg, censusPeriod(county.year));
    expect(issues.filter((i) => i.type === 'error')).toEqual([]);
    const queried = issues.filter((i) => i.type === 'query');
    expect(queried.map((q) => q.code)).toEqual(['8770Q', '8770Q']);
    expect(new Set(queried.map((q) => q.laChildId))).toEqual(
      new Set([...county.schoolAgeWithoutUpn].map(childUniqueId)),
    );

    const unborn = msg.children.find((c) => c.laChildId === childUniqueId(county.unborn.childId))!;
    expect(unborn).toMatchObject({
      personBirthDate: null,
      expectedPersonBirthDate: county.unborn.expectedDateOfBirth,
      sex: 'U',
    });
    // A child with no UPN whose only referral ended with no further action: UPNunknown UN7.
    const nfaOnly = msg.children.filter((c) => c.cinDetails.every((d) => d.referralNFA) && !c.upn);
    expect(nfaOnly.map((c) => c.upnUnknown)).toEqual(['UN7']);

    const report = await call(
      desk,
      manager.token,
      'GET',
      `/v1/returns/cin-census/report?year=${county.year}`,
    );
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ errors: 0, queries: 2, children: county.expected.cinChildren });
    for (const q of report.body.issues)
      expect(q).toMatchObject({ code: '8770Q', fields: ['UPN', 'UPNunknown'] });
  });

  it('a query fires where the data lacks the fact, and stops once the desk records it', async () => {
    const [missing] = [...county.schoolAgeWithoutUpn];
    const before = await call(
      desk,
      manager.token,
      'GET',
      `/v1/returns/cin-census/report?year=${county.year}`,
    );
    expect(before.body.issues.map((i: any) => i.childId)).toContain(missing);
    expect(
      (
        await call(desk, worker.token, 'PUT', `/v1/children/${missing}/characteristics`, {
          upn: upnFor(90001),
        })
      ).status,
    ).toBe(200);
    const after = await call(desk, manager.token, 'GET', `/v1/returns/cin-census/report?year=${county.year}`);
    expect(after.body.issues.map((i: any) => i.childId)).not.toContain(missing);
    expect(after.body.queries).toBe(1);
    await call(desk, worker.token, 'PUT', `/v1/children/${missing}/characteristics`, { upn: null });
  });

  it("reconciliation: the dashboard's contacts and referrals for the window equal List 1 and List 3, and its re-referral rate List 3's share", async () => {
    const summary = await call(
      desk,
      manager.token,
      'GET',
      `/v1/insights/summary?from=${county.start}&to=${county.end}`,
    );
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBe(county.expected.contacts);
    expect(summary.body.referrals.count).toBe(county.expected.referrals);
    expect(summary.body.referrals.reReferrals).toBe(county.expected.reReferrals);
    expect(summary.body.referrals.reReferralRate).toBeCloseTo(
      county.expected.reReferrals / county.expected.referrals,
      10,
    );
    // Any other window too: a quarter.
    const q = { from: plusDays(county.start, 91), to: plusDays(county.start, 181) };
    const res = await download(`/v1/returns/annex-a?from=${q.from}&to=${q.to}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as any);
    const list1 = wb.getWorksheet('List 1')!.actualRowCount - 1;
    const list3ws = wb.getWorksheet('List 3')!;
    const list3 = list3ws.actualRowCount - 1;
    let re = 0;
    list3ws.eachRow((row, i) => {
      if (i > 1 && (row.getCell(9).value as number) > 1) re++;
    });
    const s2 = await call(desk, manager.token, 'GET', `/v1/insights/summary?from=${q.from}&to=${q.to}`);
    expect(s2.body.total).toBe(list1);
    expect(s2.body.referrals.count).toBe(list3);
    expect(s2.body.referrals.reReferralRate).toBe(list3 ? re / list3 : null);
  });

  it('returns are for managers and heads of service only; a bad window is a 400 naming the parameter', async () => {
    const admin = await staffUser(desk, 'admin');
    expect(
      (await call(desk, admin.token, 'GET', `/v1/returns/annex-a?from=${county.start}&to=${county.end}`))
        .status,
    ).toBe(403);
    const bad = await call(desk, manager.token, 'GET', '/v1/returns/annex-a?from=2026-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual(['query:from', 'query:to']);
  });
});
