import { readFileSync } from 'node:fs';
import { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { StaffRole, StaffTokens } from '@app/auth';
import { isolateTestFile } from '@app/testing';
import { PlacementPanelUseCase } from '../../apps/desk/src/placement-requests/placement-panel.usecase';
import { RecordOutcomeUseCase } from '../../apps/desk/src/placement-requests/record-outcome.usecase';
import { RecordPlacementRequestUseCase } from '../../apps/desk/src/placement-requests/record-placement-request.usecase';
import { UpdateEvidenceUseCase } from '../../apps/desk/src/placement-requests/update-evidence.usecase';
import { day, placementBody, seedChild } from '../placement/placement-support';
import { RunningApp, startDesk } from '../support/apps';
import { launchBrowser } from '../support/browser';
import { docsScreenshot, expectNoAxeViolations, scrollsSideways } from '../support/desk-web';

/** The managers' reads are heavy; on a machine shared by several test runs they may take a while. */
const LOADED = { timeout: 90_000 };
jest.setTimeout(300_000);

const DAY = 86_400_000;

/** Evidence that passes every check for a request received at `at`. */
const evidenceAsOf = (at: Date) => ({
  familyGroupConference: { status: 'held', date: day(20, at) },
  kinshipAssessment: { status: 'no_viable_carer', date: day(15, at) },
  familySupport: { status: 'provided', service: 'FAMILY_SUPPORT_CITY', from: day(200, at), to: day(30, at) },
  inHouseFosterSearch: { status: 'no_match', date: day(5, at) },
});

/** As the page writes them: a count, a share to one place of a percentage, pounds and pence. */
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 1000) / 10}%`);
const money = (x: number | null) =>
  x === null ? '–' : `£${x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('desk web app: placement sufficiency in a real browser, every figure against requests with known outcomes', () => {
  let desk: RunningApp;
  let ds: DataSource;
  let browser: Browser;
  const from = day(30);
  const to = day(0);

  beforeAll(async () => {
    isolateTestFile();
    desk = await startDesk();
    ds = desk.app.get(DataSource);
    const record = desk.app.get(RecordPlacementRequestUseCase);
    const panel = desk.app.get(PlacementPanelUseCase);
    const outcomes = desk.app.get(RecordOutcomeUseCase);
    const evidence = desk.app.get(UpdateEvidenceUseCase);
    const actor = { username: 'suff-manager', role: 'manager' };
    const noon = (daysAgo: number) => new Date(`${day(daysAgo)}T12:00:00Z`);

    /** One request received `daysAgo` days ago, complete or not, then what the panel and the end made of it. */
    const request = async (
      daysAgo: number,
      type: string,
      basis: string,
      opts: {
        complete?: boolean;
        emergency?: boolean;
        decisions?: [string, number][];
        clearLater?: boolean;
        outcome?: Record<string, unknown>;
      } = {},
    ) => {
      const at = noon(daysAgo);
      const { childId } = await seedChild(ds);
      const r = await record.execute({
        body: placementBody(childId, {
          placementType: type,
          legalBasis: basis,
          emergency: opts.emergency ?? false,
          evidence: opts.complete ? evidenceAsOf(at) : undefined,
        }),
        submittedBy: { userId: 'u', username: actor.username, role: 'manager' },
        receivedAt: at,
      });
      for (const [decision, afterDays] of opts.decisions ?? [])
        await panel.decide(
          r.id,
          {
            decision,
            reason: 'Decided.',
            ...(decision === 'deferred'
              ? { actions: [{ action: 'convene_fgc', owner: 'FGC service', dueBy: day(-1, at) }] }
              : {}),
          },
          actor,
          new Date(at.getTime() + afterDays * DAY),
        );
      if (opts.clearLater)
        await evidence.execute(r.id, evidenceAsOf(at), actor, new Date(at.getTime() + DAY));
      if (opts.outcome)
        await outcomes.execute(
          r.id,
          opts.outcome.outcome === 'placed' ? { startDate: day(0, at), ...opts.outcome } : opts.outcome,
          actor,
          new Date(at.getTime() + 4 * DAY),
        );
      return r;
    };
    const placed = (provider: string, outOfCounty: boolean, weeklyCost: number, placementType: string) => ({
      outcome: 'placed',
      placementType,
      provider,
      outOfCounty,
      weeklyCost,
    });

    // In the range: 7 requests.
    await request(16, 'ifa_foster', 's20', {
      complete: true,
      outcome: placed('in_house', false, 850, 'in_house_foster'),
    });
    await request(15, 'residential', 'ico', {
      decisions: [
        ['deferred', 0.5],
        ['approved', 3],
      ],
      outcome: placed('independent', true, 4200.5, 'residential'),
    });
    await request(14, 'ifa_foster', 's20', {
      decisions: [['declined', 2]],
      outcome: { outcome: 'diverted', how: 'kinship_arrangement' },
    });
    await request(13, 'kinship', 'care_order', {
      outcome: { outcome: 'diverted', how: 'family_group_conference_plan' },
    });
    await request(12, 'secure', 'police_protection', {
      outcome: placed('unregistered', true, 12000, 'secure'),
    });
    await request(11, 'parent_and_child', 's20', {
      outcome: { outcome: 'withdrawn', reason: 'Moved away.' },
    });
    await request(10, 'in_house_foster', 's20', { clearLater: true });
    // Before the range: never counted.
    await request(40, 'secure', 'remand', { outcome: placed('unregistered', true, 30000, 'secure') });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await desk?.close();
  });

  async function signedIn(
    role: StaffRole,
    width = 1280,
  ): Promise<{ page: Page; token: string; errors: string[] }> {
    const username = `suff-${role}`;
    const token = desk.app.get(StaffTokens).issue({ id: username, username, role });
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
    return res;
  };

  it('shows every figure of the requests posted, and exactly what the API answers', async () => {
    const { page, token, errors } = await signedIn('head_of_service');
    // Reached from the dashboard's own navigation, the range carried over.
    await page.goto(`${desk.url}/dashboard?from=${from}&to=${to}`);
    await page.getByRole('link', { name: 'Placement sufficiency' }).click();
    await page.waitForURL(/\/sufficiency\?/);
    await page.waitForSelector('#sufficiency[data-state="loaded"]', LOADED);
    await page.getByRole('heading', { name: 'Placement sufficiency', level: 1 }).waitFor();

    const cell = (key: string, col: 'count' | 'share' = 'count') =>
      page.textContent(`#sufficiency-table tr[data-figure="${key}"] .${col}`);
    const known: [string, 'count' | 'share', string][] = [
      ['requests.total', 'count', '7'],
      ['requests.byType.ifa_foster', 'count', '2'],
      ['requests.byType.secure', 'count', '1'],
      ['requests.byLegalBasis.s20', 'count', '4'],
      ['requests.byLegalBasis.remand', 'count', '0'],
      ['gatekeeping.held', 'count', '5'],
      ['gatekeeping.held', 'share', '71.4%'],
      ['gatekeeping.cleared', 'share', '14.3%'],
      ['gatekeeping.emergency', 'count', '1'],
      ['gatekeeping.clearedLaterByEvidence', 'count', '1'],
      ['panel.decisions.deferred', 'count', '1'],
      ['panel.decisions.approved', 'count', '1'],
      ['panel.decisions.declined', 'count', '1'],
      ['panel.requestsDecided', 'count', '2'],
      ['outcomes.placed', 'count', '3'],
      ['outcomes.diverted', 'count', '2'],
      ['outcomes.divertedHow.kinship_arrangement', 'count', '1'],
      ['outcomes.withdrawn', 'count', '1'],
      ['outcomes.open', 'count', '1'],
      ['outcomes.diversionRate', 'share', '33.3%'],
      ['placements.count', 'count', '3'],
      ['placements.byProvider.in_house', 'share', '33.3%'],
      ['placements.byProvider.unregistered', 'count', '1'],
      ['placements.outOfCounty', 'count', '2'],
      ['placements.outOfCounty', 'share', '66.7%'],
      ['placements.weeklyCostCommitted', 'count', '£17,050.50'],
      ['placements.meanWeeklyCost', 'count', '£5,683.50'],
      ['placements.highestWeeklyCost', 'count', '£12,000.00'],
    ];
    for (const [key, col, value] of known)
      expect([key, col, await cell(key, col)]).toEqual([key, col, value]);
    // The headline figures, among them the diversion rate and the weekly cost committed.
    expect(await page.locator('[data-figure="diversion-rate"] dd').textContent()).toBe('33.3%');
    expect(await page.locator('[data-figure="weekly-cost"] dd').textContent()).toBe('£17,050.50');

    // Every row against the API's own answer: the row's key is the figure's path in it.
    const answer = await (await api(token, `/v1/insights/placements?from=${from}&to=${to}`)).json();
    const rows = await page
      .locator('#sufficiency-table tr[data-figure]')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          (tr as HTMLElement).dataset.figure!,
          tr.querySelector('.count')!.textContent!,
          tr.querySelector('.share')!.textContent!,
        ]),
      );
    expect(rows.length).toBeGreaterThan(40);
    for (const [key, shown, share] of rows) {
      const v = key.split('.').reduce((o: any, k) => o?.[k], answer);
      if (key === 'panel.daysToDecision') expect(shown).toBe(`${v.median}, ${v.mean}, ${v.max}`);
      else if (key === 'outcomes.diversionRate') expect(share).toBe(pct(v));
      else if (/Cost/.test(key)) expect(shown).toBe(money(v));
      else if (typeof v === 'object')
        expect([key, shown, share]).toEqual([key, String(v.count), pct(v.share)]);
      else expect([key, shown]).toEqual([key, String(v)]);
    }
    expect(answer.panel.daysToDecision).toEqual({ median: 2.5, mean: 2.5, max: 3 });

    // The CSV is the desk's own, for the range on screen.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`placement-sufficiency-${from}-${to}.csv`);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv).toBe(await (await api(token, `/v1/insights/placements.csv?from=${from}&to=${to}`)).text());
    expect(csv.split('\n')).toEqual(
      expect.arrayContaining(['outcomes.diversionRate,0.3333', 'placements.weeklyCostCommitted,17050.5']),
    );

    await expectNoAxeViolations(page, 'placement sufficiency');
    expect(await scrollsSideways(page)).toBe(false);
    await docsScreenshot(page, 'sufficiency');
    await page.setViewportSize({ width: 1920, height: 1000 });
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a range the desk refuses in the error summary, and no access to a social worker', async () => {
    const { page } = await signedIn('duty_manager');
    await page.goto(`${desk.url}/sufficiency?from=${from}&to=${to}`);
    await page.waitForSelector('#sufficiency[data-state="loaded"]', LOADED);
    await page.locator('#range-from').fill('');
    await page.getByRole('button', { name: 'Show' }).click();
    const summary = page.locator('.govuk-error-summary');
    await summary.getByRole('link', { name: /^query:from / }).waitFor();
    expect(await page.locator('#range-from-error').textContent()).toContain('query:from');
    await expectNoAxeViolations(page, 'placement sufficiency with an error');
    await page.close();

    const sw = await signedIn('social_worker');
    await sw.page.goto(`${desk.url}/`);
    await sw.page.locator('.govuk-service-navigation').waitFor();
    expect(await sw.page.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
    await sw.page.goto(`${desk.url}/sufficiency`);
    await sw.page.getByRole('heading', { name: 'You do not have access' }).waitFor();
    expect(await sw.page.locator('.govuk-error-summary').textContent()).toContain(
      'Your role may not do this',
    );
    await expectNoAxeViolations(sw.page, 'placement sufficiency, no access');
    await sw.page.close();
  });
});
