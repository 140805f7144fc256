// Takes the documentation's screenshots: `npm run screenshot` (it builds first). A throwaway hub
// on a temporary SQLite directory is filled with a demo community (scripts/demo-hub.mjs), served
// on a free local port and photographed by Chromium at 1280 px in the light theme, each page in
// English and German: docs/<name>.png and docs/<name>.de.png.
//
// PLENUM_CHROMIUM points to another Chromium binary; SCREENSHOT_DIR to another output folder;
// SCREENSHOT_WIDTH to another page width (375 for a phone).

import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../dist/config.js';
import { buildServer } from '../dist/http/server.js';
import { openApp } from '../dist/runtime.js';
import { PASSWORD, PLANNING_PAGE, seedDemoHub } from './demo-hub.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, process.env.SCREENSHOT_DIR ?? 'docs');
const CHROMIUM = process.env.PLENUM_CHROMIUM ?? '/usr/bin/chromium';
const WIDTH = Number(process.env.SCREENSHOT_WIDTH ?? 1280);
/** Taller pages are cut at this height: the top of a page is what a newcomer looks at. */
const MAX_HEIGHT = 1000;

/** Signs the page in through the sign-in form. */
async function signIn(page, email) {
  await page.goto('/login?lang=en');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL((url) => url.searchParams.get('notice') === 'login.signedIn');
}

/** A screenshot of the page's top, as tall as the page up to MAX_HEIGHT. */
async function shoot(page, name, lang) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const path = join(OUT, lang === 'de' ? `${name}.de.png` : `${name}.png`);
  await page.screenshot({ path, clip: { x: 0, y: 0, width: WIDTH, height: Math.min(height, MAX_HEIGHT) } });
  console.log(`wrote ${path} (${Math.round(statSync(path).size / 1024)} KB)`);
}

/** The import form with the demo planning page pasted and previewed. */
async function importPreview(page, lang) {
  await page.goto(`/docs/import?lang=${lang}`);
  await page.locator('#field-text').fill(PLANNING_PAGE);
  await page.locator('form[enctype] button[type=submit]').click();
  await page.locator('#plan-heading').waitFor();
  // The preview is what the picture is of; the form below it repeats the one a reader just used.
  await page.locator('#plan-heading').evaluate((h) => h.closest('section')?.scrollIntoView());
  await page.evaluate(() => window.scrollBy(0, -80));
}

const dataDir = mkdtempSync(join(tmpdir(), 'plenum-screenshot-'));
const config = loadConfig({
  PLENUM_DATA_DIR: dataDir,
  PLENUM_BASE_URL: 'http://127.0.0.1:8080/',
  LOG_LEVEL: 'warn',
});
const { app, store } = await openApp(config);
let server;
let browser;
try {
  server = await buildServer({ app, config });
  const demo = await seedDemoHub(app, server);
  // Links are built from the base path only, so the hub works on whatever port it gets.
  const origin = await server.listen({ host: '127.0.0.1', port: 0 });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  mkdirSync(OUT, { recursive: true });
  for (const lang of ['en', 'de']) {
    const options = {
      baseURL: origin,
      viewport: { width: WIDTH, height: 900 },
      colorScheme: 'light',
      locale: lang === 'de' ? 'de-DE' : 'en-GB',
      timezoneId: 'Europe/Berlin',
    };
    const visitor = await browser.newContext(options);
    const page = await visitor.newPage();
    for (const [name, path] of [
      ['backlog', '/backlog'],
      ['meeting-after', demo.after],
      ['board', '/board'],
    ]) {
      await page.goto(`${path}?lang=${lang}`, { waitUntil: 'networkidle' });
      await shoot(page, name, lang);
    }
    await visitor.close();

    const maintainer = await browser.newContext(options);
    const own = await maintainer.newPage();
    await signIn(own, demo.admin.email);
    await own.goto(`${demo.before}?lang=${lang}`, { waitUntil: 'networkidle' });
    await shoot(own, 'meeting-before', lang);
    await importPreview(own, lang);
    await own.screenshot({ path: join(OUT, lang === 'de' ? 'import.de.png' : 'import.png') });
    console.log(`wrote import (${lang})`);
    await maintainer.close();
  }
} finally {
  await browser?.close();
  await server?.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
