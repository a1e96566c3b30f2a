import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { ReturnsUseCase } from '../../apps/desk/src/returns/returns.usecase';
import { childUniqueId } from '../../apps/desk/src/referrals/referral-codes';
import type { RunningApp } from '../support/apps';
import { call, seedItem, startDeskWith } from '../desk/desk-harness';
import { plusDays } from './county-year';

/**
 * Annex A is streamed (issue 21): read from Postgres a page at a time and written to the response as it is
 * read, so the desk's memory holds a page whatever the window.
 */
describe('Annex A streamed', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let manager: { username: string; token: string };

  beforeAll(async () => {
    ({ desk, ds, user: manager } = await startDeskWith('manager'));
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('reads contacts and referrals in pages and sends the workbook before the last page is read; rows in order, audited with their counts before the first byte', async () => {
    const start = '2012-04-01';
    const contacts: { contactId: string; childId: string; day: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const day = plusDays(start, i * 3);
      const c = await seedItem(ds, {
        dueAt: new Date(`${day}T12:00:00Z`),
        receivedAt: new Date(`${day}T10:00:00Z`),
      });
      contacts.push({ ...c, day });
    }
    for (const c of contacts.slice(0, 5))
      await ds.query(
        `INSERT INTO referrals (id, contact_id, referral_date, source, outcome, no_further_action, decided_at)
         VALUES ($1, $2, $3, '2A', 'STATUTORY_ASSESSMENT', false, $4)`,
        [randomUUID(), c.contactId, c.day, `${c.day}T15:00:00Z`],
      );

    const returns = desk.app.get(ReturnsUseCase);
    returns.pageRows = 2;
    returns.pageDays = 4;
    const list1Pages: number[] = [];
    const list3Pages: number[] = [];
    let answered!: () => void;
    const headersArrived = new Promise<void>((r) => (answered = r));
    const list1 = returns.list1Pages.bind(returns);
    const list3 = returns.list3Pages.bind(returns);
    // After its first page, List 1 waits for the answer to have reached the client: a workbook built whole
    // before sending would never send it, and the download would fail.
    returns.list1Pages = async function* (m: EntityManager, from: string, to: string) {
      for await (const page of list1(m, from, to)) {
        list1Pages.push(page.length);
        yield page;
        if (list1Pages.length === 1)
          await Promise.race([
            headersArrived,
            new Promise((_, reject) =>
              setTimeout(() => reject(new Error('nothing was sent before the rest was read')), 10_000),
            ),
          ]);
      }
    };
    returns.list3Pages = async function* (m: EntityManager, from: string, to: string) {
      for await (const page of list3(m, from, to)) {
        list3Pages.push(page.length);
        yield page;
      }
    };

    const end = plusDays(start, 29);
    const res = await fetch(`${desk.url}/v1/returns/annex-a?from=${start}&to=${end}`, {
      headers: { authorization: `Bearer ${manager.token}` },
    });
    expect(res.status).toBe(200);
    // Audited, with the counts of the snapshot the rows are read from, before anything was sent.
    const [audit] = await ds.query(
      `SELECT details FROM audit_log WHERE action = 'returns.annex_a.download' AND actor = $1`,
      [manager.username],
    );
    answered();
    const body = Buffer.from(await res.arrayBuffer());
    expect(list1Pages).toEqual([2, 2, 2, 1]);
    // Referral dates 0, 3, 6, 9, 12 days in: pages of four days hold 2, 1, 1, 1.
    expect(list3Pages).toEqual([2, 1, 1, 1]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(body as any);
    const column = (sheet: string, n: number) => {
      const out: unknown[] = [];
      wb.getWorksheet(sheet)!.eachRow((row, i) => {
        if (i > 1) out.push(row.getCell(n).value);
      });
      return out;
    };
    expect(column('List 1', 1)).toEqual(contacts.map((c) => childUniqueId(c.childId)));
    expect(column('List 1', 6)).toEqual(contacts.map((c) => new Date(`${c.day}T00:00:00Z`)));
    expect(column('List 3', 1)).toEqual(contacts.slice(0, 5).map((c) => childUniqueId(c.childId)));
    expect(wb.getWorksheet('List 1')!.getRow(1).font?.bold).toBe(true);
    expect(wb.getWorksheet('List 1')!.getColumn(6).numFmt).toBe('dd/mm/yyyy');

    expect(audit.details).toEqual({ from: start, to: end, rows: { list1: 7, list3: 5 } });
    // A bad window is still refused before anything is sent.
    expect(
      (await call(desk, manager.token, 'GET', `/v1/returns/annex-a?from=${end}&to=${start}`)).status,
    ).toBe(400);
  });
});
