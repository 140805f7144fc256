import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { childEnv, freePort, ROOT, requireBuild } from './support/child.js';

/**
 * At a terminal the log is for a person: pino-pretty's lines, not JSON. `script` (util-linux)
 * gives the server a pseudo-terminal as its output, as a shell would.
 */
describe('logs at a terminal', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenum-tty-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are readable lines, with the level and message, not JSON records', async () => {
    requireBuild();
    const port = await freePort();
    const child = spawn('script', ['-qefc', `${process.execPath} bin/plenum.js serve`, '/dev/null'], {
      cwd: ROOT,
      env: childEnv({ PLENUM_DATA_DIR: dir, HOST: '127.0.0.1', PORT: String(port), NO_COLOR: '1' }),
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString('utf8');
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      const started = Date.now();
      while (!output.includes('Plenum is ready')) {
        if (Date.now() - started > 60_000) throw new Error(`no ready line:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      if (child.pid) process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    const ready = output.split(/\r?\n/u).find((line) => line.includes('Plenum is ready')) ?? '';
    expect(ready).toMatch(/INFO/u);
    expect(ready.trim().startsWith('{')).toBe(false);
    expect(output).not.toMatch(/^\{"level":/mu);
  });
});
