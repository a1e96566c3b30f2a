import { Browser } from 'playwright-core';
import { StaffTokens } from '@app/auth';
import { generateDemand, isoDateOf, londonDayOf } from '@app/insights';
import { isolateTestFile } from '@app/testing';
import { DataSource } from 'typeorm';
import { call } from '../desk/desk-harness';
import { day, placementBody, seedChild } from '../placement/placement-support';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { docsScreenshot } from '../support/desk-web';

/**
 * The README's screenshots of the dashboard (an older page the web app does not cover yet) and of a placement
 * request (the app's page), at 1280 px, and the links between them and the app.
 */
describe('desk web app: screenshots of the dashboard and a placement request, links both ways', () => {
  let desk: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  const signedInPage = async (role: 'head_of_service' | 'social_worker') => {
    const token = desk.app.get(StaffTokens).issue({ id: role, username: `shots-${role}`, role });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.addInitScript(
      ([t, who]) => {
        sessionStorage.setItem('fd.token', t);
        sessionStorage.setItem('fd.user', who);
      },
      [token, JSON.stringify({ username: `shots-${role}`, role })],
    );
    return page;
  };

  it('the dashboard, reached from the app navigation', async () => {
    // A county's year of contacts (synthetic, seeded), one day of them a school-led spike, for a real picture.
    const today = londonDayOf(Date.now()).day;
    const days = generateDemand({
      start: isoDateOf(today - 400),
      days: 400,
      seed: 16,
      spikes: [{ date: isoDateOf(today - 6), factor: 2.2, sourceGroup: 'schools' }],
    });
    const rows: [string, string, number][] = [];
    for (const d of days) {
      rows.push([d.date, 'total', d.total], [d.date, 'triaged', d.total]);
      for (const [g, n] of Object.entries(d.counts)) rows.push([d.date, `source_group:${g}`, n]);
      for (const [l, n] of Object.entries(d.localities)) rows.push([d.date, `locality:${l}`, n]);
      const l3 = Math.round(d.total * 0.3);
      rows.push([d.date, 'level:2', d.total - l3], [d.date, 'level:3', l3]);
      rows.push(
        [d.date, 'route:LOCALITY_EARLY_HELP', d.total - l3],
        [d.date, 'route:STATUTORY_ASSESSMENT', l3],
      );
    }
    await desk.app
      .get(DataSource)
      .query(
        `INSERT INTO insight_daily (day, series, count) SELECT * FROM unnest($1::date[], $2::text[], $3::int[])`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
      );
    const page = await signedInPage('head_of_service');
    await page.goto(`${desk.url}/`);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
    // The managers' reads are heavy: on a machine shared by several test runs they may take a while.
    await page.waitForSelector('#dashboard[data-state="loaded"]', { timeout: 90_000 });
    await page.locator('#spike-table tbody tr').first().waitFor();
    await docsScreenshot(page, 'dashboard');
    await page.close();
  }, 300_000);

  it('the placement request, reached from the app navigation; its navigation leads back to the queue', async () => {
    const page = await signedInPage('social_worker');
    const { childId } = await seedChild(desk.app.get(DataSource));
    const token = desk.app.get(StaffTokens).issue({
      id: 'social_worker',
      username: 'shots-social_worker',
      role: 'social_worker',
    });
    const posted = await call(desk, token, 'POST', '/v1/placement-requests', {
      ...placementBody(childId),
      evidence: { familyGroupConference: { status: 'held', date: day(10) } },
    });
    expect(posted.status).toBe(201);
    await page.goto(`${desk.url}/`);
    await page.getByRole('link', { name: 'Placement requests' }).click();
    await page.waitForURL(/\/placements$/);
    await page.locator(`tr[data-request-id="${posted.body.id}"] a`).click();
    await page.waitForURL(new RegExp(`/placements/${posted.body.id}$`));
    await page.locator('#timeline [data-kind="alert_raised"]').waitFor();
    await docsScreenshot(page, 'placement-request');
    await page.getByRole('link', { name: 'Queue' }).first().click();
    await page.getByRole('heading', { name: 'Duty queue' }).waitFor();
    await page.close();
  });
});
