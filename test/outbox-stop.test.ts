import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../src/mail/compose.js';
import { type MailTransport, startOutboxWorker } from '../src/mail/worker.js';
import { newId } from '../src/store/ids.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A worker told to stop (SIGTERM) finishes the mail it is sending, claims nothing more and gives
 * back what it claimed but did not begin: another instance sends the rest at once, nothing is
 * lost and nothing is sent twice.
 */
describe.each(ENGINES)('stopping the outbox worker (%s)', (engine) => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startHub(engine, { env: { SMTP_URL: 'smtp://127.0.0.1:1' } });
  });
  afterAll(() => hub.close());

  it('finishes the job in hand, leaves the others queued, and a later worker sends them once', async () => {
    const at = new Date().toISOString();
    const addresses = Array.from({ length: 5 }, (_, i) => `person${i}@example.org`);
    await hub.store.transaction(async (repos) => {
      for (const email of addresses)
        await repos.outbox.enqueue({
          id: newId(),
          kind: 'mail',
          payload: JSON.stringify({ type: 'account-exists', email, locale: 'en' }),
          created_at: at,
          run_after: at,
        });
    });
    const sent: string[] = [];
    let release = () => {};
    let began = () => {};
    const firstBegan = new Promise<void>((resolve) => {
      began = resolve;
    });
    // Stands in for the SMTP connection: the first mail hangs until the test lets it go.
    const transport: MailTransport = {
      async send(mail: OutgoingMail) {
        if (sent.length === 0) {
          began();
          await new Promise<void>((resolve) => {
            release = resolve;
          });
        }
        sent.push(String(mail.to));
      },
      close() {},
    };
    const worker = startOutboxWorker(hub.app, hub.config, transport, { autoStart: false });
    const run = worker.runOnce();
    await firstBegan;
    const stopping = worker.stop();
    release();
    await stopping;
    await run;
    expect(sent).toHaveLength(1);

    expect((await hub.app.outbox.backlog()).find((r) => r.kind === 'mail')?.pending).toBe(4);

    // The batch's other jobs were given back unbegun, their claim not counted as an attempt:
    // another instance sends each of them, once, without waiting for the lease to end.
    const waiting = await hub.testDb.database.db
      .selectFrom('outbox')
      .select(['attempts', 'claimed_by'])
      .where('status', '=', 'pending')
      // A starting worker also queues the reminders' sweep; only the mail counts here.
      .where('kind', '=', 'mail')
      .execute();
    expect(waiting).toEqual(Array.from({ length: 4 }, () => ({ attempts: 0, claimed_by: null })));
    const takeover = startOutboxWorker(hub.app, hub.config, transport, { autoStart: false });
    await takeover.runOnce();
    await takeover.stop();
    expect([...sent].sort()).toEqual([...addresses].sort());
    expect((await hub.app.outbox.backlog()).find((r) => r.kind === 'mail')?.pending ?? 0).toBe(0);
  });
});
