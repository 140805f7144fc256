import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, childEnv, databaseEnv, plenumCli, ROOT, requireBuild } from './support/child.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** `plenum import groups FILE` and `plenum export groups` from the command line. */
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/sigs/${name}`, import.meta.url));

describe.each(ENGINES)('plenum import/export groups on %s', { timeout: 120_000 }, (engine) => {
  let hub: Hub;
  let env: Record<string, string>;

  beforeAll(async () => {
    requireBuild();
    hub = await startHub(engine);
    env = databaseEnv(hub.testDb);
  });
  afterAll(() => hub.close());

  it('refuses a bad file naming each problem and its line, and imports nothing', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, 'import', 'groups', fixture('bad-day.yaml'), '--every-other', 'odd'],
      {
        cwd: ROOT,
        env: childEnv(env),
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/nothing imported/u);
    expect(r.stderr).toMatch(/Line 6, sig-network: .Thrusday. is no weekday/u);
  });

  it('imports the groups, says so, changes nothing the second time, and exports them', async () => {
    const first = plenumCli(['import', 'groups', fixture('sigs.yaml'), '--every-other', 'odd'], env);
    expect(first).toContain('Groups created 20');
    expect((await hub.app.groups.list()).length).toBe(20);
    const again = plenumCli(['import', 'groups', fixture('sigs.yaml'), '--every-other', 'odd'], env);
    expect(again).toContain('Groups created 0');
    expect(again).toContain('Groups updated 0');
    expect(again).toContain('Groups unchanged 20');
    const yaml = plenumCli(['export', 'groups'], env);
    expect(yaml).toMatch(/^sigs:/mu);
  });

  it('takes --start for undated every-N-weeks meetings, refusing a date on another weekday or no date', () => {
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, [BIN, 'import', 'groups', fixture('kubernetes-refused.yaml'), ...extra], {
        cwd: ROOT,
        env: childEnv(env),
        encoding: 'utf8',
        timeout: 60_000,
      });
    const wrongDay = run('--start', '2027-01-05');
    expect(wrongDay.status).toBe(1);
    expect(wrongDay.stderr).toContain(
      '“Release Team Sync”: the first meeting given with --start, 2027-01-05, is a Tuesday, but this meeting is on Monday.',
    );
    const notADate = run('--start', '2027-02-30');
    expect(notADate.status).not.toBe(0);
    expect(notADate.stderr).toMatch(/--start.*a date YYYY-MM-DD/u);
    expect(run('--help').stdout).toMatch(/--start <date>/u);
  });
});
