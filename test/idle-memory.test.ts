import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { requireBuild, type Served, serve, until } from './support/child.js';

/** The collections `serve` has logged so far, in order. */
function collections(served: Served): { round: number; rssBeforeMb: number; ms: number }[] {
  return served
    .output()
    .split('\n')
    .filter((line) => line.includes('"idle: memory given back"'))
    .map((line) => JSON.parse(line));
}

describe('PLENUM_IDLE_GC_SECONDS', () => {
  it('defaults to 10 seconds, takes 0 for never, and refuses what is no whole number', () => {
    expect(loadConfig({}).idleGcSeconds).toBe(10);
    expect(loadConfig({ PLENUM_IDLE_GC_SECONDS: '0' }).idleGcSeconds).toBe(0);
    for (const bad of ['-1', '2.5', 'ten', '86401']) {
      expect(() => loadConfig({ PLENUM_IDLE_GC_SECONDS: bad })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ PLENUM_IDLE_GC_SECONDS: 'ten' })).toThrow(/PLENUM_IDLE_GC_SECONDS.*"ten"/u);
  });
});

describe('an idle hub gives memory back', () => {
  let dir: string;
  let served: Served;

  beforeAll(async () => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'plenum-idle-'));
    served = await serve({ PLENUM_DATA_DIR: dir, PLENUM_IDLE_GC_SECONDS: '1', LOG_LEVEL: 'debug' });
  }, 60_000);

  afterAll(async () => {
    await served?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects twice after start-up, then only after it has served a request again', async () => {
    await until(
      () => collections(served).length >= 2,
      20_000,
      () => served.output().slice(-2000),
    );
    expect(collections(served).map((c) => c.round)).toEqual([1, 2]);
    expect(collections(served)[0]?.rssBeforeMb).toBeGreaterThan(0);

    // Probes on a timer are not work: had they counted, a collection would follow one idle time
    // (1 s, looked at every 250 ms) after the last of them. Waiting past that is the only way to
    // see that nothing happens.
    for (let i = 0; i < 3; i++) {
      expect((await fetch(`${served.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${served.url}/readyz`)).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 2000));
    expect(collections(served)).toHaveLength(2);

    expect((await fetch(`${served.url}/backlog`)).status).toBe(200);
    await until(
      () => collections(served).length >= 3,
      20_000,
      () => served.output().slice(-2000),
    );
    expect(collections(served)[2]?.round).toBe(1);
    // The hub still answers after collecting.
    expect((await fetch(`${served.url}/backlog`)).status).toBe(200);
  }, 60_000);
});
