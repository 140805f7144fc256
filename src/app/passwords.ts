import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { RateLimitError } from '../domain/errors.js';

/**
 * scrypt parameters (RFC 7914). N = 2^15 with r = 8 costs 32 MiB and tens of milliseconds per
 * hash on a small server; they are stored with each hash so they can be raised later.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_LENGTH,
      { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash that never matches, verified when the e-mail is unknown so timing does not reveal accounts. */
export const DUMMY_HASH = `scrypt$${N}$${R}$${P}$${Buffer.alloc(16).toString('base64url')}$${Buffer.alloc(KEY_LENGTH).toString('base64url')}`;

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 200;

/** What a refused hash tells the client to wait: a hash takes tens of milliseconds, a queue a few. */
const BUSY_RETRY_SECONDS = 2;

/**
 * Password hashing of this process, a few at a time. Each scrypt hash holds 32 MiB and a thread
 * of libuv's small pool for tens of milliseconds, so a flood of registrations could otherwise
 * starve every sign-in (measured: 17.6 s for one while 60 registrations ran). Past `running` the
 * work waits in a short queue, sign-in checks ahead of new hashes; past `waiting` it is refused
 * at once with a RateLimitError (429) instead of waiting for seconds, except that a sign-in check
 * takes the place of the newest waiting new hash (which is refused instead). Per process on
 * purpose: it shares out this process's CPU, which no other instance uses.
 *
 * Hand-written because it is a few lines and no dependency the project has does it.
 */
export class HashingQueue {
  private running = 0;
  private readonly queue: { urgent: boolean; start: () => void; refuse: (err: Error) => void }[] = [];

  constructor(private readonly bounds: { running: number; waiting: number }) {}

  /** Runs `work` when a place is free; `urgent` work (checking a password at sign-in) goes first. */
  async run<T>(work: () => Promise<T>, urgent = false): Promise<T> {
    if (this.running < this.bounds.running) {
      this.running += 1;
    } else {
      const busy = () => new RateLimitError(BUSY_RETRY_SECONDS, 'error.busy');
      if (this.queue.length >= this.bounds.waiting) {
        const newestHash = urgent ? this.queue.findLastIndex((e) => !e.urgent) : -1;
        if (newestHash < 0) throw busy();
        this.queue.splice(newestHash, 1)[0]?.refuse(busy());
      }
      // The place of the work that ends is handed over, so `running` stays as it is.
      await new Promise<void>((start, refuse) => {
        const entry = { urgent, start, refuse };
        const firstNotUrgent = this.queue.findIndex((e) => !e.urgent);
        if (urgent && firstNotUrgent >= 0) this.queue.splice(firstNotUrgent, 0, entry);
        else this.queue.push(entry);
      });
    }
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      if (next) next.start();
      else this.running -= 1;
    }
  }

  /** Hashes at work and waiting, for tests and metrics. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.queue.length };
  }
}
