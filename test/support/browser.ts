import { type Browser, chromium } from 'playwright-core';

/** The Chromium the browser tests drive: PLENUM_CHROMIUM, or the system's. */
export const CHROMIUM = process.env.PLENUM_CHROMIUM ?? '/usr/bin/chromium';

/** A headless Chromium, quiet on the network but for the pages a test opens. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
