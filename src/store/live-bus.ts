import type pg from 'pg';
import { newId } from './ids.js';
import { pgDriver } from './pg-driver.js';

/**
 * A change to what one page shows, named by its channel (`agenda:<series>:<date>`,
 * `board:<id>`). `resync` events say that changes may have been missed, so a page should
 * fetch itself again whatever it holds.
 */
export interface LiveEvent {
  channel: string;
  id: string;
  resync?: boolean;
}

export type LiveListener = (event: LiveEvent) => void;

/** How many channels' last events are remembered before the memory starts afresh. */
const REMEMBERED_CHANNELS = 10_000;
/** The one PostgreSQL channel every instance listens on; the payload names the page's channel. */
export const PG_CHANNEL = 'plenum_changes';
const MAX_CHANNEL_LENGTH = 200;

/**
 * The announcements of committed changes, fanned out to the open event streams of this
 * process: in memory on SQLite (one process owns the file), through LISTEN/NOTIFY on PostgreSQL
 * (every instance on the database hears every commit).
 */
export interface LiveBus {
  /** Calls `listener` for each change on `channel` and for each resync; returns the function that stops it. */
  subscribe(channel: string, listener: LiveListener): () => void;
  /**
   * The id of the last change seen on `channel` while listening without a gap, or else a marker
   * of the current listening period. A page carries it, and a stream that opens with another
   * value knows the reader may have missed something.
   */
  cursor(channel: string): string;
  /** Hands a committed change to this process's listeners (SQLite; PostgreSQL hears its own NOTIFY). */
  deliver(event: LiveEvent): void;
  /**
   * As `subscribe`, for the process's own use (its cache of change stamps): not an open
   * stream, so not counted by `listenerCount`.
   */
  watch(channel: string, listener: LiveListener): () => void;
  /**
   * Whether this process hears of every commit to the database as it is made: on PostgreSQL
   * while the listening connection is up (announced by the database, whoever wrote); never on
   * SQLite, whose file a CLI command or a second process may write without telling it.
   */
  hearsCommits(): boolean;
  /** Listeners now registered, over all channels. */
  listenerCount(): number;
  close(): Promise<void>;
}

export function isChannelName(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_CHANNEL_LENGTH;
}

/** A failing listener must not fail the write that announced the change (it has committed). */
function call(listener: LiveListener, event: LiveEvent): void {
  try {
    listener(event);
  } catch {
    // The stream behind it is gone; its own close handler removes it.
  }
}

/** Listeners per channel and the last event of each, for one listening period. */
class Fanout {
  private readonly listeners = new Map<string, Set<LiveListener>>();
  private latest = new Map<string, string>();
  private period = `period-${newId()}`;
  private count = 0;
  listening = true;

  add(channel: string, listener: LiveListener, counted = true): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    // Wrapped, so that the same function subscribed twice counts twice.
    const entry: LiveListener = (e) => listener(e);
    set.add(entry);
    if (counted) this.count += 1;
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      if (counted) this.count -= 1;
      const current = this.listeners.get(channel);
      current?.delete(entry);
      if (current?.size === 0) this.listeners.delete(channel);
    };
  }

  cursor(channel: string): string {
    // Nothing is known while not listening: any value a page carries then is stale.
    if (!this.listening) return `offline-${newId()}`;
    return this.latest.get(channel) ?? this.period;
  }

  deliver(event: LiveEvent): void {
    if (!isChannelName(event.channel)) return;
    if (this.latest.size >= REMEMBERED_CHANNELS && !this.latest.has(event.channel)) this.forget();
    this.latest.set(event.channel, event.id);
    for (const listener of [...(this.listeners.get(event.channel) ?? [])]) call(listener, event);
  }

  /** A new listening period: every cursor handed out so far no longer matches. */
  forget(): void {
    this.latest = new Map();
    this.period = `period-${newId()}`;
  }

  /** After a gap in listening: tells every listener to fetch afresh. */
  resync(): void {
    this.forget();
    for (const [channel, set] of [...this.listeners]) {
      for (const listener of [...set]) call(listener, { channel, id: this.period, resync: true });
    }
  }

  size(): number {
    return this.count;
  }
}

/** SQLite: one process writes the file, so its own commits are all there is to hear. */
export function memoryBus(): LiveBus {
  return fanoutBus(new Fanout(), { hearsCommits: () => false });
}

/** A bus over a fanout; `onSubscribe` runs after each new listener, `close` on closing. */
function fanoutBus(
  fanout: Fanout,
  hooks: { onSubscribe?: () => void; close?: () => Promise<void>; hearsCommits: () => boolean },
): LiveBus {
  return {
    subscribe: (channel, listener) => {
      const off = fanout.add(channel, listener);
      hooks.onSubscribe?.();
      return off;
    },
    watch: (channel, listener) => {
      const off = fanout.add(channel, listener, false);
      hooks.onSubscribe?.();
      return off;
    },
    hearsCommits: hooks.hearsCommits,
    cursor: (channel) => fanout.cursor(channel),
    deliver: (event) => fanout.deliver(event),
    listenerCount: () => fanout.size(),
    close: hooks.close ?? (async () => {}),
  };
}

/** Hands a NOTIFY on {@link PG_CHANNEL} to the fanout when it holds a well-formed event. */
function notificationHandler(fanout: Fanout, report: (err: unknown) => void) {
  return (message: pg.Notification) => {
    if (message.channel !== PG_CHANNEL || !message.payload) return;
    try {
      const event = JSON.parse(message.payload) as Partial<LiveEvent>;
      // The id goes into a stream line as it is: nothing but the characters of our ids.
      if (isChannelName(event.channel) && typeof event.id === 'string' && /^[\w-]{1,100}$/u.test(event.id))
        fanout.deliver({ channel: event.channel, id: event.id });
    } catch (err) {
      report(err);
    }
  };
}

export interface PostgresBusOptions {
  /** Told about a lost or failed listening connection; the bus reconnects by itself. */
  onError?: (err: unknown) => void;
  /** Delay before the first reconnection attempt; doubled up to 30 s. */
  retryMs?: number;
}

/**
 * PostgreSQL: one dedicated connection LISTENs on {@link PG_CHANNEL}. It is opened when the
 * first stream subscribes or the first visitor's stamps are kept (app/changes.ts), so a hub
 * nobody reads holds no extra connection, and reopened when it drops; each time it is
 * (re)established, every listener gets a resync event.
 */
export function postgresBus(connectionString: string, options: PostgresBusOptions = {}): LiveBus {
  const fanout = new Fanout();
  fanout.listening = false;
  const firstDelay = options.retryMs ?? 500;
  let delay = firstDelay;
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let retry: NodeJS.Timeout | null = null;
  let closed = false;

  const report = (err: unknown) => options.onError?.(err);

  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      ensure();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 30_000);
  };

  const connect = async () => {
    const { Client } = await pgDriver();
    // Keepalives after 10 s of quiet, so that a connection silently gone (a failover, a dropped
    // route) ends and is reopened within minutes rather than the system's default two hours.
    const c = new Client({ connectionString, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    c.on('error', report);
    c.on('notification', notificationHandler(fanout, report));
    c.on('end', () => {
      if (client !== c) return;
      client = null;
      fanout.listening = false;
      schedule();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${PG_CHANNEL}`);
    } catch (err) {
      report(err);
      await c.end().catch(() => {});
      schedule();
      return;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    delay = firstDelay;
    fanout.listening = true;
    // Whatever was committed before LISTEN took effect went unheard.
    fanout.resync();
  };

  const ensure = () => {
    if (closed || client || connecting) return;
    connecting = connect().finally(() => {
      connecting = null;
    });
  };

  return fanoutBus(fanout, {
    onSubscribe: ensure,
    hearsCommits: () => fanout.listening && client !== null,
    close: async () => {
      closed = true;
      if (retry) clearTimeout(retry);
      retry = null;
      await connecting;
      const c = client;
      client = null;
      fanout.listening = false;
      if (c) await c.end().catch(() => {});
    },
  });
}
