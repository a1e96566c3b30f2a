import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { toXml } from '../../apps/desk/src/returns/cin-message';
import type { CensusPeriod } from '../../apps/desk/src/returns/cin-rules';
import { ReturnsUseCase } from '../../apps/desk/src/returns/returns.usecase';
import { childUniqueId } from '../../apps/desk/src/referrals/referral-codes';
import type { RunningApp } from '../support/apps';
import { call, seedItem, startDeskWith } from '../desk/desk-harness';
import { parseCinXml, plusDays, upnFor } from './county-year';

/**
 * The CIN census is streamed (issue 21): the year's referrals read through a cursor a batch at a time and
 * each Child written to the response as it is read, so the desk's memory holds a batch whatever the year.
 */
describe('CIN census streamed', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { username: string; token: string };

  beforeAll(async () => {
    ({ desk, ds, user: manager } = await startDeskWith('manager'));
  });
  afterAll(async () => {
    await desk?.close();
  });

  const download = (year: number) =>
    fetch(`${desk.url}/v1/returns/cin-census?year=${year}`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
  const sameButTime = (xml: string) => xml.replace(/<DateTime>[^<]*<\/DateTime>/, '<DateTime/>');

  it('sends the first Child before the year is read; the same bytes in batches of 2 referrals as in one batch; audited with its counts before the first byte; duplicate UPNs found across batches', async () => {
    // Census year 2013 (1 April 2012 to 31 March 2013): seven children, every other one referred twice (so
    // a child's referrals straddle batches of two), the first and the last with the same UPN.
    const year = 2013;
    const start = '2012-04-01';
    const children: { childId: string; referrals: number }[] = [];
    for (let i = 0; i < 7; i++) {
      const referrals = i % 2 ? 1 : 2;
      let childId: string | undefined;
      for (let k = 0; k < referrals; k++) {
        const day = plusDays(start, 10 * i + 100 * k);
        const c = await seedItem(ds, {
          childId,
          dueAt: new Date(`${day}T12:00:00Z`),
          receivedAt: new Date(`${day}T10:00:00Z`),
        });
        childId = c.childId;
        await ds.query(
          `INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, decided_at,
                                  primary_need, closed_on, closure_reason)
           VALUES ($1, $2, $3, '2A', 'STATUTORY_ASSESSMENT', false, $4, 'N1', $5, $6)`,
          [
            randomUUID(),
            c.contactId,
            day,
            `${day}T15:00:00Z`,
            k < referrals - 1 ? plusDays(day, 30) : null,
            k < referrals - 1 ? 'RC7' : null,
          ],
        );
      }
      children.push({ childId: childId!, referrals });
    }
    children.sort((a, b) => (a.childId < b.childId ? -1 : 1));
    const shared = upnFor(4242);
    for (const c of [children[0], children[6]])
      await ds.query(
        `INSERT INTO child_characteristics (child_id, sex, ethnicity, disabilities, upn, recorded_by)
         VALUES ($1, 'F', 'WBRI', '{MOB}', $2, 'test')`,
        [c.childId, shared],
      );

    const whole = await download(year);
    expect(whole.status).toBe(200);
    const wholeXml = await whole.text();

    const returns = desk.app.get(ReturnsUseCase);
    returns.censusBatchRows = 2;
    const passes: { pages: number[]; done: boolean }[] = [];
    let answered!: () => void;
    const headersArrived = new Promise<void>((r) => (answered = r));
    const pages = returns.censusPages.bind(returns);
    // From the second pass over the year on (the first validates it, before anything is sent), the pass
    // waits after its first page for the answer to have reached the client: a message built whole before
    // sending would never send it, and the download would fail.
    returns.censusPages = async function* (
      m: EntityManager,
      period: CensusPeriod,
      tally?: { excluded: number },
    ) {
      const pass = { pages: [] as number[], done: false };
      passes.push(pass);
      for await (const page of pages(m, period, tally)) {
        pass.pages.push(page.length);
        yield page;
        if (passes.length > 1 && pass.pages.length === 1)
          await Promise.race([
            headersArrived,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('nothing was sent before the rest was read')), 10_000),
            ),
          ]);
      }
      pass.done = true;
    };

    const res = await download(year);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/xml');
    // Audited, with the counts of the snapshot the message is written from, before anything was sent.
    const audits: { details: any }[] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'returns.cin_census.download' AND actor = $1 ORDER BY seq`,
      [manager.username],
    );
    expect(audits).toHaveLength(2);
    const reader = res.body!.getReader();
    const chunks: Uint8Array[] = [];
    const received = () => Buffer.concat(chunks).toString('utf8');
    while (!received().includes('</Child>')) {
      const r = await reader.read();
      if (r.done) break;
      chunks.push(r.value);
    }
    expect(received()).toContain('</Child>');
    // The first Child reached the client while the pass writing the message was still reading the year.
    expect(passes.at(-1)!.done).toBe(false);
    answered();
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(r.value);
    const xml = received();

    // Read two referrals at a time: pages of whole children, a child's two referrals kept together.
    expect(passes.at(-1)!.pages.length).toBeGreaterThan(2);
    expect(passes.at(-1)!.pages.reduce((a, b) => a + b, 0)).toBe(7);
    expect(sameButTime(xml)).toBe(sameButTime(wholeXml));
    // Laid out exactly as the whole-message writer lays it out.
    const msg = parseCinXml(xml);
    expect(toXml(msg)).toBe(xml);
    expect(msg.children.map((c) => [c.laChildId, c.cinDetails.length])).toEqual(
      children.map((c) => [childUniqueId(c.childId), c.referrals]),
    );
    expect(audits[1].details).toMatchObject({
      from: start,
      to: '2013-03-31',
      rows: { children: 7, cinDetails: 11 },
    });
    expect(audits[1].details.errors).toBeGreaterThanOrEqual(2);

    // The report, read in batches too, names both holders of the shared UPN (rule 1520).
    const report = await call(desk, manager.token, 'GET', `/v1/returns/cin-census/report?year=${year}`);
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ children: 7, cinDetails: 11 });
    expect(report.body.issues.filter((i: any) => i.code === '1520').map((i: any) => i.childId)).toEqual([
      children[0].childId,
      children[6].childId,
    ]);
    expect(audits[1].details.errors).toBe(report.body.errors);
  });
});
