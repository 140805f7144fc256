// Takes the backlog screenshot of the documentation: `npm run screenshot` (it builds first).
// A throwaway hub on a temporary SQLite directory is filled with a realistic backlog, served on a
// free local port and photographed by Chromium at 1280×900 in the light theme.
//
// PLENUM_CHROMIUM points to another Chromium binary; SCREENSHOT_OUT to another output file.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { loadConfig } from '../dist/config.js';
import { buildServer } from '../dist/http/server.js';
import { openApp } from '../dist/runtime.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = resolve(ROOT, process.env.SCREENSHOT_OUT ?? 'docs/backlog.png');
const CHROMIUM = process.env.PLENUM_CHROMIUM ?? '/usr/bin/chromium';

/** The backlog of an open-source bare-metal cloud community, in its own words here. */
const BACKLOG = [
  {
    title: 'Join the Gardener conformance test grid',
    description:
      'Run the Gardener conformance tests against a metal-stack installation and publish the results on the public test grid.',
    tags: ['gardener', 'testing'],
    links: [{ label: 'Gardener test grid', url: 'https://testgrid.k8s.io/gardener-all' }],
  },
  {
    title: 'Autoscaling for the metal control plane',
    description: 'Scale the API, the database proxies and the DHCP/PXE services with their load.',
    tags: ['control-plane', 'kubernetes'],
  },
  {
    title: 'CI dashboard and public integration tests',
    description:
      'Make the integration test runs and their results visible to everyone, not only to maintainers.',
    tags: ['ci', 'testing'],
  },
  {
    title: 'Smoother release and deployment (GitOps)',
    description:
      'Ship releases through a GitOps flow, for example with Flux or Spinnaker, instead of hand-run playbooks.',
    tags: ['release', 'gitops'],
    links: [
      { label: 'Flux', url: 'https://fluxcd.io/' },
      { label: 'Spinnaker', url: 'https://spinnaker.io/' },
    ],
  },
  {
    title: 'Machine internet without firewalls',
    description: 'Let machines reach the internet directly, for setups that do not need a firewall in front.',
    tags: ['network'],
  },
  {
    title: 'metal-stack dashboard (UI)',
    description: 'A web interface for the things that today need `metalctl`: machines, partitions, networks.',
    tags: ['ui'],
  },
  {
    title: 'Offer our metal-stack extensions as enterprise products',
    description:
      'Accounting, cluster-api and S3 as paid extras. None of them will ever be needed to run metal-stack; they add value for some enterprises.',
    tags: ['business'],
  },
  {
    title: 'Partitions managed by Kubernetes',
    description:
      'Kubelets in a partition join the control plane cluster, so partitions are run like any workload.',
    tags: ['kubernetes', 'partition'],
  },
  {
    title: 'Public offering and demo playground',
    description: 'A place where anyone can try metal-stack without owning a rack.',
    tags: ['community'],
    links: [{ label: 'metal-stack.io', url: 'https://metal-stack.io' }],
  },
];

const PROPOSAL = {
  title: 'IPv6-only partitions',
  description: 'Partitions without any IPv4 addressing, for data centres that have moved on.',
  tags: ['network'],
};

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
  const { user: admin } = await app.accounts.setupAdmin({
    name: 'Ada Admin',
    email: 'ada@example.org',
    password: 'screenshot password',
  });
  const maintainer = { kind: 'user', userId: admin.id, role: admin.role, name: admin.name };
  for (const idea of BACKLOG) await app.ideas.propose(maintainer, { ...idea, status: 'backlog' });

  const member = await app.accounts.createUser('system', {
    name: 'Nina Newcomer',
    email: 'nina@example.org',
    role: 'member',
    password: 'screenshot password',
  });
  await app.ideas.propose(
    { kind: 'user', userId: member.id, role: member.role, name: member.name },
    PROPOSAL,
  );

  server = await buildServer({ app, config });
  // Links are built from the base path only, so the hub works on whatever port it gets.
  const origin = await server.listen({ host: '127.0.0.1', port: 0 });

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: 'light',
    locale: 'en-GB',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  await page.goto(`${origin}/backlog`, { waitUntil: 'networkidle' });
  mkdirSync(dirname(OUT), { recursive: true });
  await page.screenshot({ path: OUT });
  console.log(`wrote ${OUT}`);
} finally {
  await browser?.close();
  await server?.close();
  await store.close();
  rmSync(dataDir, { recursive: true, force: true });
}
