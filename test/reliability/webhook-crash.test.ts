import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, type Served, serve, until } from '../support/child.js';
import { buildIdea, buildUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';
import { type Received, startReceiver, verifies } from '../support/webhook-receiver.js';

/**
 * A `plenum serve` process is killed with SIGKILL four times while it delivers 40 queued
 * webhook messages, and started again each time. Every message arrives; a message the receiver
 * got twice is the same message: the same `webhook-id` and body (the event's own timestamp in
 * it), signed so that it verifies.
 *
 * Each kill comes at a delivery: before the receiver answers it, right as it answers, or a
 * moment after. Only that delivery can be sent again (the hub had not committed its outcome),
 * so there are at most as many repeats as kills.
 */

const EVENTS = 40;
/** How each kill comes: the receiver has the message but has not answered, has just answered, or answered 5 ms ago. */
const KILLS = ['unanswered', 'answered', 'settling', 'unanswered'] as const;
/** The receiver's answer takes this long, so that deliveries are still running when a kill comes. */
const ANSWER_MS = 60;
const TIMEOUT = 240_000;
/** The claim of the killed worker on its jobs runs out this soon, so the restart takes them over. */
const LEASE_SECONDS = 2;
/** Every process the same: the links in a message are written from it. */
const BASE_URL = 'https://planning.example.org/';

interface Trap {
  /** Kill at the first delivery once this many distinct messages arrived. */
  at: number;
  how: (typeof KILLS)[number];
  victim: Promise<Served>;
  fired: () => void;
}

const idOf = (got: Received) => String(got.headers['webhook-id']);

describe.each(ENGINES)('webhooks across crashes on %s', (engine) => {
  let hub: Hub;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: Served | null = null;
  let secret = '';
  let trap: Trap | null = null;
  const messageIds = new Set<string>();

  beforeAll(async () => {
    requireBuild();
    receiver = await startReceiver();
    receiver.answer((_req, res) => {
      const distinct = new Set(receiver.received.map(idOf)).size;
      const armed = trap;
      if (!armed || distinct < armed.at) {
        setTimeout(() => res.end('ok'), ANSWER_MS);
        return;
      }
      trap = null;
      // The server may still be on its way to ready when its first deliveries come.
      void armed.victim.then((victim) => {
        if (armed.how !== 'unanswered') res.end('ok');
        setTimeout(
          () => {
            victim.child.kill('SIGKILL');
            armed.fired();
          },
          armed.how === 'settling' ? 5 : 0,
        );
      });
    });
    // The messages are queued in-process; the database is then handed to server processes.
    hub = await startHub(engine, { baseUrl: BASE_URL, webhookAllowPrivate: () => true });
    const [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
    const res = await hub.server.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: admin.auth,
      payload: { url: receiver.url, events: ['idea.proposed'], description: 'crash' },
    });
    expect(res.statusCode, res.body).toBe(201);
    secret = (res.json() as { secret: string }).secret;
    for (let i = 0; i < EVENTS; i++) await buildIdea(hub, member, { title: `Crash-proof hook ${i}` });
    const rows = await hub.testDb.database.db.selectFrom('webhook_messages').select('id').execute();
    for (const r of rows) messageIds.add(r.id);
    expect(messageIds.size).toBe(EVENTS);
    await hub.server.close();
  }, TIMEOUT);
  afterAll(async () => {
    if (server) await server.stop();
    await hub?.testDb.drop().catch(() => undefined);
    await receiver?.close();
  });

  it(
    `delivers all ${EVENTS} messages across ${KILLS.length} SIGKILLs, a repeat only of one in flight and the same`,
    async () => {
      const env = {
        PLENUM_DATA_DIR: hub.testDb.dir,
        ...(hub.testDb.url ? { DATABASE_URL: hub.testDb.url } : {}),
        PLENUM_BASE_URL: BASE_URL,
        PLENUM_WEBHOOK_ALLOW_PRIVATE: '1',
        PLENUM_OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
      };
      // SQLite has one writer: the in-process connection lets go of the file first.
      if (engine === 'sqlite') await hub.testDb.database.close();
      const ids = () => new Set(receiver.received.map(idOf));
      for (const [k, how] of KILLS.entries()) {
        const victim = serve(env);
        const killed = new Promise<void>((fired) => {
          trap = { at: Math.round(((k + 1) * EVENTS) / (KILLS.length + 1)), how, victim, fired };
        });
        server = await victim;
        await killed;
        await server.exited;
        server = null;
      }
      expect(ids().size).toBeLessThan(EVENTS);

      server = await serve(env);
      await until(
        () => ids().size >= EVENTS,
        120_000,
        () => `${ids().size} of ${EVENTS} distinct messages\n${server?.output() ?? ''}`,
      );
      // A job whose lease ran out would be taken again within the lease and a moment.
      await new Promise((r) => setTimeout(r, (LEASE_SECONDS + 1) * 1000));
      expect(ids()).toEqual(messageIds);

      const byId = new Map<string, Received[]>();
      for (const got of receiver.received) byId.set(idOf(got), [...(byId.get(idOf(got)) ?? []), got]);
      for (const [id, copies] of byId) {
        const [first] = copies;
        for (const got of copies) {
          expect(got.body, id).toBe(first?.body);
          expect(await verifies(secret, got), id).toBe(true);
        }
      }
      const repeats = receiver.received.length - byId.size;
      console.log(`webhooks on ${engine}: ${EVENTS} messages, ${KILLS.length} kills, ${repeats} repeats`);
      expect(repeats).toBeLessThanOrEqual(KILLS.length);
    },
    TIMEOUT,
  );
});
