import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole, StaffTokens } from '@app/auth';
import { isoDateOf, londonDayOf } from '@app/insights';
import { isolateTestFile } from '@app/testing';
import { seedItem } from '../desk/desk-harness';
import { isolateDatabase, RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { expectNoAxeViolations, scrollsSideways } from '../support/desk-web';

/** The managers' reads are heavy; on a machine shared by several test runs they may take a while. */
const LOADED = { timeout: 90_000 };
jest.setTimeout(300_000);

/** As the page writes a share: the desk's share (3 places) as a percentage to one place. */
const pct = (n: number, d: number) => `${Math.round((Math.round((1000 * n) / d) / 1000) * 1000) / 10}%`;

describe('desk web app: the demand dashboard in a real browser', () => {
  let desk: RunningApp;
  let db: Awaited<ReturnType<typeof isolateDatabase>>;
  let ds: DataSource;
  let browser: Browser;
  const today = londonDayOf(Date.now()).day;
  const first = today - 80;
  const spikeDay = today - 4;
  const from = isoDateOf(today - 60);
  const to = isoDateOf(today);
  const counts = new Map<number, number>();

  beforeAll(async () => {
    isolateTestFile();
    db = await isolateDatabase();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    // 80 days of counts, one spike: total n a day, police n - 10, schools 10; level 2 n - 10, level 3 10.
    for (let d = first; d < today; d++) {
      const n = d === spikeDay ? 75 : 25 + ((d * 7) % 5);
      counts.set(d, n);
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
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
    await db?.drop();
  });

  const tokenOf = (role: StaffRole, username: string) =>
    desk.app.get(StaffTokens).issue({ id: username, username, role });

  /** A page signed in as `role`, at `width` px, failing the test on any script error. */
  async function signedIn(
    role: StaffRole,
    width = 1280,
  ): Promise<{ page: Page; token: string; errors: string[] }> {
    const username = `dash-${role}`;
    const token = tokenOf(role, username);
    const page = await browser.newPage({ viewport: { width, height: 1000 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript(
      ([t, who]) => {
        sessionStorage.setItem('fd.token', t);
        sessionStorage.setItem('fd.user', who);
      },
      [token, JSON.stringify({ username, role })],
    );
    return { page, token, errors };
  }

  const api = async (token: string, path: string) => {
    const res = await fetch(`${desk.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return res.json();
  };

  const figure = (page: Page, name: string) => page.locator(`[data-figure="${name}"] dd`).textContent();

  it('shows a head of service the figures posted, the series with its band and the spike, the partners and what drove the spike', async () => {
    const { page, token, errors } = await signedIn('head_of_service');
    await page.goto(`${desk.url}/`);
    // The navigation leads a head of service to the dashboard; the old address leads to the new page.
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.goto(`${desk.url}/dashboard.html?from=${from}&to=${to}`);
    await page.waitForSelector('#dashboard[data-state="loaded"]', LOADED);
    await page.getByRole('heading', { name: 'Demand dashboard' }).waitFor();

    // The tiles: what the test inserted, and exactly what the API answers.
    let total = 0;
    for (let d = today - 60; d < today; d++) total += counts.get(d)!;
    const summary = await api(token, `/v1/insights/summary?from=${from}&to=${to}`);
    expect(summary.total).toBe(total);
    expect(await figure(page, 'total')).toBe(total.toLocaleString('en-GB'));
    expect(await figure(page, 'levels34')).toBe(pct(600, total));
    expect(await figure(page, 'queue')).toBe(
      `${summary.queue.depth}${summary.queue.overdue ? ` (${summary.queue.overdue} overdue)` : ''}`,
    );
    expect(summary.queue.depth).toBe(1);

    // The series, as a table beside its chart: 61 days, the band where history allows, the spike marked.
    const series = page.locator('#series-table tbody tr');
    expect(await series.count()).toBe(61);
    const spikeRow = page.locator('#series-table tbody tr', { hasText: isoDateOf(spikeDay) });
    expect(await spikeRow.locator('td').allTextContents()).toEqual([
      '75',
      expect.stringMatching(/^[\d.]+$/),
      expect.stringMatching(/^[\d.]+$/),
      'Spike',
    ]);
    const withBand = await series.evaluateAll(
      (trs) => trs.filter((tr) => tr.querySelectorAll('td')[2]?.textContent !== '–').length,
    );
    expect(withBand).toBeGreaterThan(50);
    expect(await page.locator('#series-table tbody td:text-is("Spike")').count()).toBe(1);
    // The chart is drawn (pixels painted on a canvas of a real size) and named for a screen reader.
    const chart = await page.locator('#series-chart').evaluate((c: HTMLCanvasElement) => {
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
      return { pixels: c.width * c.height, painted, label: c.getAttribute('aria-label') };
    });
    expect(chart.pixels).toBeGreaterThan(100_000);
    expect(chart.painted).toBeGreaterThan(1000);
    expect(chart.label).toContain(`1 spike flagged (${isoDateOf(spikeDay)})`);
    expect(chart.label).toContain(`All contacts: ${total.toLocaleString('en-GB')} contacts over 61 days`);

    // Breakdowns, in words: by source, level and route.
    expect(await page.locator('#breakdown-table tbody tr').allTextContents()).toEqual([
      `Individuals0`,
      `Schools and education600`,
      `Health0`,
      `Police${(total - 600).toLocaleString('en-GB')}`,
      `Council and other services0`,
    ]);
    expect(await page.locator('#route-table tbody tr').allTextContents()).toEqual([
      `Early help in the locality${total.toLocaleString('en-GB')}`,
    ]);
    expect(await page.locator('#spike-table tbody tr').first().textContent()).toContain(isoDateOf(spikeDay));

    // Feedback to referrers: the partner's one contact, decided in time and closed with no further action.
    await page.waitForSelector('#partner-table tbody th:has-text("Dash School")', { timeout: 10000 });
    expect(await page.locator('#partner-table tbody tr').first().textContent()).toBe(
      'Dash SchoolSchool1100%100%0%',
    );

    // Every table opened for axe, then checked at 1280 and 1920 px without sideways scrolling.
    for (const s of await page.locator('details.govuk-details summary').all()) await s.click();
    await expectNoAxeViolations(page, 'dashboard');
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1920, height: 1000 });
    expect(await scrollsSideways(page)).toBe(false);
    await page.setViewportSize({ width: 1280, height: 1000 });

    // Explaining the spike: its drivers against their expectations, then its contacts one click away (audited).
    await page.getByRole('button', { name: `Explain All contacts on ${isoDateOf(spikeDay)}` }).click();
    await page.locator('#spike-explain').waitFor();
    expect(await page.locator('#spike-explain-title').textContent()).toContain(isoDateOf(spikeDay));
    expect(await page.locator('#spike-explain-summary').textContent()).toMatch(
      /^75 contacts against [\d.]+ expected/,
    );
    // Its drivers as the desk answers them (the day's own contacts by source: none were posted, so none).
    const explanation = await api(
      token,
      `/v1/insights/spikes/${isoDateOf(spikeDay)}/explanation?series=total`,
    );
    expect(explanation.bySource).toEqual([]);
    expect(await page.locator('#explain-source tbody tr').allTextContents()).toEqual(['None.']);
    await page.locator('#spike-contacts-button').click();
    await page.locator('#spike-contacts').waitFor();
    expect(await page.locator('#spike-contacts tbody').textContent()).toContain('No contacts.');
    const [audit] = await ds.query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'insights.spike_contacts.read' AND actor = 'dash-head_of_service'`,
    );
    expect(audit.n).toBe(1);
    await expectNoAxeViolations(page, 'dashboard with a spike explained');
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters from the keyboard alone and exports the numbers on screen as CSV', async () => {
    const { page, token, errors } = await signedIn('manager');
    await page.goto(`${desk.url}/dashboard?from=${from}&to=${to}`);
    await page.waitForSelector('#dashboard[data-state="loaded"]', LOADED);
    // Series: "Police", chosen by typing; then Tab to "Show" and Enter.
    await page.locator('#dash-series').focus();
    await page.keyboard.type('Police');
    await page.keyboard.press('Tab'); // Breakdown
    await page.keyboard.press('Tab'); // Show
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Police: contacts per day' }).waitFor();
    expect(new URL(page.url()).searchParams.get('series')).toBe('source_group:police');
    const policeOnSpikeDay = await page
      .locator('#series-table tbody tr', { hasText: isoDateOf(spikeDay) })
      .locator('td')
      .first()
      .textContent();
    expect(policeOnSpikeDay).toBe('65');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('#dash-export').click(),
    ]);
    expect(download.suggestedFilename()).toBe(`insights-${from}-to-${to}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8').split('\n');
    expect(csv[0]).toBe('date,series,count,expected,upper,spike');
    const daily = await api(token, `/v1/insights/daily?from=${from}&to=${to}&series=source_group:police`);
    const spikes = await api(token, `/v1/insights/spikes?from=${from}&to=${to}`);
    const flagged = new Set(
      spikes.spikes.map((s: { date: string; series: string }) => `${s.date}|${s.series}`),
    );
    const police = csv.filter((l) => l.split(',')[1] === 'source_group:police');
    expect(police).toEqual(
      daily.series['source_group:police'].map(
        (p: { date: string; count: number; expected: number | null; upper: number | null }) =>
          [
            p.date,
            'source_group:police',
            p.count,
            p.expected ?? '',
            p.upper ?? '',
            flagged.has(`${p.date}|source_group:police`) ? 1 : 0,
          ].join(','),
      ),
    );
    let total = 0;
    for (let d = today - 60; d < today; d++) total += counts.get(d)!;
    expect(csv).toContain(`source_group,police,${total - 600}`);
    expect(csv).toContain('level,3,600');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a range the desk refuses in the error summary, linked to the field at fault', async () => {
    const { page } = await signedIn('duty_manager');
    await page.goto(`${desk.url}/dashboard?from=${from}&to=${to}`);
    await page.waitForSelector('#dashboard[data-state="loaded"]', LOADED);
    await page.locator('#range-to').fill(isoDateOf(today - 70));
    await page.getByRole('button', { name: 'Show' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: 'query:to must not be before from' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary'))).toBe(
      true,
    );
    expect(await page.locator('#range-to-error').textContent()).toContain('must not be before from');
    await summary.getByRole('link', { name: 'query:to must not be before from' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('range-to');
    await expectNoAxeViolations(page, 'dashboard with an error');
    await page.close();
  });

  it('gives a duty worker no dashboard link, and "you do not have access" from the 403', async () => {
    const { page } = await signedIn('duty_worker');
    await page.goto(`${desk.url}/`);
    await page.getByRole('heading', { name: 'Duty queue' }).waitFor();
    expect(await page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    await page.goto(`${desk.url}/dashboard`);
    await page.getByRole('heading', { name: 'You do not have access' }).waitFor();
    expect(await page.locator('.govuk-error-summary').textContent()).toContain('Your role may not do this');
    await expectNoAxeViolations(page, 'dashboard, no access');

    // An administrator sees the dashboard but not the per-partner figures, which are casework.
    const admin = await signedIn('admin');
    await admin.page.goto(`${desk.url}/dashboard?from=${from}&to=${to}`);
    await admin.page.waitForSelector('#dashboard[data-state="loaded"]', LOADED);
    await admin.page.locator('#partner-table', { hasText: 'Not shown to your role.' }).waitFor();
    await page.close();
    await admin.page.close();
  });
});
