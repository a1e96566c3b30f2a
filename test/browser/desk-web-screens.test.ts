import { Browser } from 'playwright-core';
import { StaffTokens } from '@app/auth';
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
    const page = await signedInPage('head_of_service');
    await page.goto(`${desk.url}/`);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.waitForURL(/\/dashboard\.html/);
    await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });
    await docsScreenshot(page, 'dashboard');
    await page.close();
  });

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
