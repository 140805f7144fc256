import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv, plenumCli, ROOT, requireBuild, type Served, serve } from './support/child.js';
import { ENGINES, openTestDatabase, type TestDatabase } from './support/hub.js';

/**
 * The README's planning cycle through the API alone: `scripts/api-cycle.mjs` against a real
 * `plenum serve`, with a token made by `plenum token create`; then the pages show all of it.
 */

const SCRIPT = join(ROOT, 'scripts', 'api-cycle.mjs');

/** Runs the script to its end and gives its output; the token goes in the environment as the README says. */
function runCycle(url: string, token: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, `${url}/`], {
      env: { PATH: process.env.PATH ?? '', PLENUM_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe.each(ENGINES)('a planning cycle through the API on %s', (engine) => {
  let testDb: TestDatabase;
  let hub: Served;
  let env: Record<string, string>;
  let token: string;

  beforeAll(async () => {
    requireBuild();
    testDb = await openTestDatabase(engine);
    env = databaseEnv(testDb);
    plenumCli(['user', 'add', '--email', 'chair@example.org', '--name', 'Chair', '--role', 'maintainer'], {
      ...env,
      PLENUM_PASSWORD: 'a long enough password',
    });
    token = plenumCli(['token', 'create', '--email', 'chair@example.org', '--name', 'cycle'], env).trim();
    hub = await serve(env);
  }, 120_000);

  afterAll(async () => {
    await hub?.stop();
    await testDb?.drop();
  });

  it('runs to its end and the pages show what it did', { timeout: 120_000 }, async () => {
    const { code, out } = await runCycle(hub.url, token);
    expect(out, out).not.toMatch(/answered \d{3}/u);
    expect(code, out).toBe(0);

    const links = [...out.matchAll(/^ {2}(http\S+)$/gmu)].map((m) => m[1] as string);
    expect(links).toHaveLength(4);
    const [meetingUrl, ideaUrl, boardUrl, roadmapUrl] = links as [string, string, string, string];
    const html = async (url: string) => {
      const res = await fetch(url);
      expect(res.status, url).toBe(200);
      return res.text();
    };

    const meeting = await html(meetingUrl);
    for (const text of [
      'Release plan for the spring',
      'Translations of the handbook',
      'We went through the release plan and the translations.',
      'German release notes go on the roadmap.',
      'Ask the translators who has time in January.',
    ]) {
      expect(meeting, text).toContain(text);
    }

    const idea = await html(ideaUrl);
    expect(idea).toContain('German release notes go on the roadmap.');
    expect(idea).toMatch(/roadmap/iu);

    const board = await html(boardUrl);
    expect(board).toContain('Draft the German release notes');
    expect(board).toMatch(/Review \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/u);

    const roadmap = await html(roadmapUrl);
    expect(roadmap).toContain('German release notes');

    // Running it again on the same hub works too: nothing in it depends on an empty database.
    const again = await runCycle(hub.url, token);
    expect(again.code, again.out).toBe(0);
  });

  it('stops with the reason when the token is wrong', { timeout: 60_000 }, async () => {
    const { code, out } = await runCycle(hub.url, 'plm_not-a-token');
    expect(code).toBe(1);
    expect(out).toMatch(/GET \/api\/v1\/me answered 401/u);
  });
});
