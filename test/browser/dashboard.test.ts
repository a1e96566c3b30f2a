import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffTokens } from '@app/auth';
import { isoDateOf, londonDayOf } from '@app/insights';
import { isolateTestFile } from '@app/testing';
import { seedItem } from '../desk/desk-harness';
import { isolateDatabase, RunningApp, startDesk } from '../support/apps';
import { launchBrowser, SCREENSHOTS } from '../support/browser';

describe('dashboard page in a real browser', () => {
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let browser: Browser;

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    desk = await startDesk();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    await db?.drop();
  });

  it('shows a manager the daily series with its expected band and the spike marked', async () => {
    const ds = desk.app.get(DataSource);
    const today = londonDayOf(Date.now()).day;
    const first = today - 80;
    const spikeDay = today - 4;
    for (let d = first; d < today; d++) {
      const n = d === spikeDay ? 75 : 25 + ((d * 7) % 5);
      await ds.query(
        `INSERT INTO insight_daily (day, series, count)
         VALUES ($1, 'total', $2), ($1, 'source_group:police', $3), ($1, 'source_group:schools', $4),
                ($1, 'locality:CITY', $2), ($1, 'triaged', $2), ($1, 'level:2', $3), ($1, 'level:3', $4),
                ($1, 'route:LOCALITY_EARLY_HELP', $2)`,
        [isoDateOf(d), n, n - 10, 10],
      );
    }
    // One partner's contact, decided within the hour and closed with no further action: its figures row.
    const partnerId = randomUUID();
    await ds.query(
      `INSERT INTO partners (id, name, agency, organisation) VALUES ($1, 'dash-school', 'school', 'Dash School')`,
      [partnerId],
    );
    const received = Date.now() - 26 * 3600_000;
    const { contactId, childId } = await seedItem(ds, {
      dueAt: new Date(),
      receivedAt: new Date(received),
      partnerId,
    });
    await ds.query(
      `INSERT INTO duty_decisions (id, contact_id, child_id, kind, actor, actor_role, recommended, route, team, outcome,
                                   cin_no_further_action, created_at)
       VALUES ($1,$2,$3,'close','w','duty_worker','{}','LOCALITY_ADVICE','LOCALITY_NORTH','NO_FURTHER_ACTION',true,$4)`,
      [randomUUID(), contactId, childId, new Date(received + 3600_000)],
    );
    const token = desk.app.get(StaffTokens).issue({ id: 'hos', username: 'head', role: 'head_of_service' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript((t) => sessionStorage.setItem('fd.token', t), token);
    const from = isoDateOf(today - 60);
    await page.goto(`${desk.url}/dashboard.html?from=${from}&to=${isoDateOf(today)}`);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });

    const chart = await page.evaluate(() => {
      const c = (window as any).Chart.getChart('series-chart');
      const byLabel = (l: string) => c.data.datasets.find((d: any) => d.label === l);
      return {
        days: c.data.labels.length,
        spikes: byLabel('Spike').data,
        band: byLabel('Alarm limit (expected band)').data.filter((v: number | null) => v !== null).length,
        pixels: c.width * c.height,
      };
    });
    expect(chart.days).toBe(61);
    expect(chart.spikes).toEqual([{ x: isoDateOf(spikeDay), y: 75 }]);
    expect(chart.band).toBeGreaterThan(50);
    expect(chart.pixels).toBeGreaterThan(100_000);
    expect(await page.locator('#spike-table tbody tr').first().textContent()).toContain(isoDateOf(spikeDay));
    expect(await page.locator('#tile-total').textContent()).not.toBe('–');
    await page.waitForSelector('#partner-table tbody tr td:has-text("Dash School")', { timeout: 10000 });
    expect(await page.locator('#partner-table tbody tr').first().textContent()).toBe(
      'Dash Schoolschool1100%100%0%',
    );

    // Explaining the spike: its drivers against their expectations, then its contacts one click away.
    await page
      .locator('#spike-table tbody tr')
      .first()
      .getByRole('button', { name: /Explain/ })
      .click();
    await page.waitForSelector('#spike-explain:not([hidden])');
    expect(await page.locator('#spike-explain-title').textContent()).toContain(isoDateOf(spikeDay));
    expect(await page.locator('#spike-explain-summary').textContent()).toMatch(
      /^75 contacts against [\d.]+ expected/,
    );
    await page.locator('#spike-contacts-button').click();
    await page.waitForSelector('#spike-contacts:not([hidden])');
    expect(await page.locator('#spike-contacts tbody').textContent()).toContain('No contacts.');
    const [audit] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'insights.spike_contacts.read' AND actor = 'head'`,
    );
    expect(audit.n).toBe(1);
    expect(errors).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    await page.close();
  });
});
