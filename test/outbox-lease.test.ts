import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../src/mail/compose.js';
import { type MailTransport, startOutboxWorker } from '../src/mail/worker.js';
import { newId } from '../src/store/ids.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * A worker's claim on a batch of jobs can run out before it reaches the last of them (slow mail,
 * a slow receiver), and another instance then takes them over. Neither runs what the other runs
 * or has run: a job is begun only by the worker that holds it, its claim renewed as it begins,
 * and a job carried out is done whoever holds it by then. What stays is the job in flight when
 * its claim ran out: it may go twice, under one Message-ID.
 */

const LEASE_SECONDS = 60;

interface Sent {
  by: string;
  to: string;
  messageId: string | undefined;
}

describe.each(ENGINES)('outbox claims that run out (%s)', (engine) => {
  let hub: Hub;
  let clock = new Date('2026-12-02T10:00:00Z');
  const later = (seconds: number) => {
    clock = new Date(clock.getTime() + seconds * 1000);
  };

  beforeAll(async () => {
    hub = await startHub(engine, {
      now: () => clock,
      baseUrl: 'https://planning.example.org/',
      env: { SMTP_URL: 'smtp://127.0.0.1:1', PLENUM_OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS) },
    });
  });
  afterAll(() => hub.close());

  /** Queues an account-exists mail to each address, due at `runAfter`; answers the jobs' ids. */
  const queue = async (addresses: string[], runAfter = clock.toISOString()) => {
    const ids = addresses.map(() => newId());
    await hub.store.transaction(async (repos) => {
      for (const [i, email] of addresses.entries())
        await repos.outbox.enqueue({
          id: ids[i] ?? '',
          kind: 'mail',
          payload: JSON.stringify({ type: 'account-exists', email, locale: 'en' }),
          created_at: clock.toISOString(),
          run_after: runAfter,
        });
    });
    return ids;
  };

  /** A transport that records what `by` sent, after `before` (which may hold it up) for each mail. */
  const transport = (by: string, sent: Sent[], before: (mail: OutgoingMail) => Promise<void>) =>
    ({
      async send(mail) {
        await before(mail);
        sent.push({ by, to: mail.to, messageId: mail.messageId });
      },
      close() {},
    }) satisfies MailTransport;

  const worker = (t: MailTransport) => startOutboxWorker(hub.app, hub.config, t, { autoStart: false });

  it('runs none of the jobs of its batch that another worker took over when the claim ran out', async () => {
    const [first] = await queue(['one@example.org', 'two@example.org', 'three@example.org']);
    const sent: Sent[] = [];
    const takeover = worker(transport('B', sent, async () => undefined));
    // The first mail of A's batch takes longer than the claim: B takes the batch over meanwhile.
    const slow = worker(
      transport('A', sent, async () => {
        if (sent.length > 0) return;
        later(2 * LEASE_SECONDS);
        await takeover.runOnce();
      }),
    );
    await slow.runOnce();
    await Promise.all([slow.stop(), takeover.stop()]);

    expect(sent.map((s) => `${s.by} ${s.to}`)).toEqual([
      'B one@example.org',
      'B two@example.org',
      'B three@example.org',
      'A one@example.org',
    ]);
    // The one in flight went twice, as one message.
    const ids = sent.filter((s) => s.to === 'one@example.org').map((s) => s.messageId);
    expect(ids).toEqual([
      `<outbox.${first}.0@planning.example.org>`,
      `<outbox.${first}.0@planning.example.org>`,
    ]);
  });

  it('does not run a job that the worker whose claim ran out has carried out meanwhile', async () => {
    await queue(['late@example.org']);
    const sent: Sent[] = [];
    const hold = () => {
      let go = () => {};
      let held = () => {};
      const holding = new Promise<void>((resolve) => {
        held = resolve;
      });
      const wait = () => {
        held();
        return new Promise<void>((resolve) => {
          go = resolve;
        });
      };
      return { holding, wait, go: () => go() };
    };
    const a = hold();
    const b = hold();
    const slow = worker(transport('A', sent, a.wait));
    const sending = slow.runOnce();
    await a.holding;
    // A's claim runs out while it sends; B claims the job, but a job due earlier comes first.
    later(2 * LEASE_SECONDS);
    await queue(['early@example.org'], new Date(clock.getTime() - 3600_000).toISOString());
    const takeover = worker(
      transport('B', sent, async (mail) => (mail.to === 'early@example.org' ? b.wait() : undefined)),
    );
    const taking = takeover.runOnce();
    await b.holding;
    a.go();
    await sending;
    b.go();
    await taking;
    await Promise.all([slow.stop(), takeover.stop()]);
    expect(sent.map((s) => `${s.by} ${s.to}`)).toEqual(['A late@example.org', 'B early@example.org']);
  });
});
