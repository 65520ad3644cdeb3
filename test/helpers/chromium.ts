import fs from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser tests named `what` must be skipped: false when Chromium is installed; a
 * reason, said loudly, when it is not; in CI (CI=true) a missing Chromium is an error instead.
 */
export function browserSkip(what: string): string | false {
  if (fs.existsSync(CHROMIUM)) return false;
  if (process.env.CI === 'true') throw new Error(`Chromium is required in CI but ${CHROMIUM} is missing (apt-get install chromium)`);
  const reason = `${what} SKIPPED: no Chromium at ${CHROMIUM} (apt-get install -y chromium)`;
  process.stderr.write(`\n*** ${reason} ***\n`);
  return reason;
}

/**
 * Headless Chromium as this machine allows it: no sandbox (tests run as root), and none of the
 * background traffic that a closed network refuses connection by connection.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** A dashboard page in Ukrainian at a desktop size, signed in with `apiKey` and on the overview. */
export async function signedInDashboard(browser: Browser, baseUrl: string, apiKey: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1360, height: 900 }, locale: 'uk-UA' })).newPage();
  await page.goto(`${baseUrl}/`);
  await page.fill('[data-testid=api-key]', apiKey);
  await page.click('button[type=submit]');
  await page.waitForSelector('#app[data-ready="/overview"]');
  return page;
}
