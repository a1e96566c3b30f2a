import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '../..');
const BUNDLE_INDEX = path.join(ROOT, 'dist/apps/desk-web/index.html');
/** What the bundle is built from: a change to any of these makes it stale. */
const SOURCES = [
  path.join(ROOT, 'apps/desk-web'),
  path.join(ROOT, 'libs/contracts/src'),
  // The bundle imports the staff roles (libs/auth/src/roles.ts) too.
  path.join(ROOT, 'libs/auth/src'),
];
export const DOCS_SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the web app (Vite) when its bundle is missing or older than its sources. */
export function ensureDeskWebBuilt(): void {
  let built = 0;
  try {
    built = statSync(BUNDLE_INDEX).mtimeMs;
  } catch {
    built = 0;
  }
  if (built > 0 && built >= Math.max(...SOURCES.map(newestMtime))) return;
  const t0 = Date.now();
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/desk-web/vite.config.mts'],
    // A production bundle whatever NODE_ENV the tests run with (test would give React's development build).
    { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
  );
  console.log(`desk-web: built the web app in ${Date.now() - t0} ms`);
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Runs axe-core in the page against WCAG 2.2 A and AA and returns its violations (rule, impact, targets).
 * Evaluated through the browser's debugging protocol, which the page's CSP (script-src 'self') allows.
 */
export async function axeViolations(
  page: Page,
): Promise<{ id: string; impact: string; help: string; targets: string[] }[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (window as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return result.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n: any) => n.target.join(' ')),
    }));
  });
}

/** Checks a page with axe and fails the test naming every violation. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length) console.log(`axe on ${what}:`, JSON.stringify(violations, null, 2));
  expect(violations).toEqual([]);
}

/** A full-page screenshot for the README, at the width the page is open at. */
export async function docsScreenshot(page: Page, name: string): Promise<void> {
  mkdirSync(DOCS_SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(DOCS_SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Signs in through the web app's sign-in page and waits for the queue. */
export async function signInAs(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/index\.html$/);
}

/** True when the page scrolls sideways (the queue must fit 1280 px). */
export const scrollsSideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
