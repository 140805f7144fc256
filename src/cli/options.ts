import { open } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { App } from '../app/app.js';
import { loadConfig } from '../config.js';
import { isRole } from '../domain/roles.js';
import { openApp } from '../runtime.js';

/** Opens the configured hub for one command and closes its database whatever the command did. */
export async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
  const { app, store } = await openApp(loadConfig());
  try {
    return await work(app);
  } finally {
    await store.close();
  }
}

/**
 * A file's text, refused as soon as it holds more than `max` bytes: what is read stops there,
 * so a device or a pipe that never ends (`/dev/zero`) cannot fill the memory.
 */
export async function readAtMost(path: string, max: number, limit: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(max + 1);
    let length = 0;
    while (length <= max) {
      const { bytesRead } = await handle.read(buffer, length, max + 1 - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) throw new Error(`${path} has more than ${limit}.`);
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** One progress line per table, rewritten in place on a terminal. */
export function showProgress(table: string, done: number, total: number): void {
  const line = `${table}: ${done}/${total}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line.padEnd(40)}`);
  else if (done === total) process.stderr.write(`${line}\n`);
}

const WEEKDAY_NAMES = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function weekdayOption(value: string): number {
  const v = value.trim().toLowerCase();
  const n = /^[1-7]$/u.test(v) ? Number(v) : WEEKDAY_NAMES.indexOf(v) + 1;
  if (n < 1) throw new InvalidArgumentError('must be a weekday (monday … sunday) or 1–7');
  return n;
}

export function localeOption(value: string): 'en' | 'de' {
  if (value !== 'en' && value !== 'de') throw new InvalidArgumentError('must be en or de');
  return value;
}

export function roleOption(value: string): string {
  if (!isRole(value)) throw new InvalidArgumentError('must be admin, maintainer or member');
  return value;
}
