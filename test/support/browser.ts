import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { ensureDeskWebBuilt } from './desk-web';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve(__dirname, '../browser/screenshots');

/**
 * Debian's Chromium, headless, with the flags this machine's closed network needs. Throws (never skips)
 * when the browser is missing: the browser tests are part of the suite. Builds the web app first when its
 * bundle is missing or older than its sources.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // The desk serves the web app's bundle: build it first if it is missing or stale.
  ensureDeskWebBuilt();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
