import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild, type Served, serve, until } from '../support/child.js';
import { buildIdea, buildUser } from '../support/factories.js';
import { ENGINES, type Hub, startHub } from '../support/hub.js';
import { verifiedUser } from '../support/mail-reading.js';
import { type Mailbox, startMailbox } from '../support/smtp.js';

/**
 * A `plenum serve` process is killed with SIGKILL while it sends 240 queued notification mails,
 * after the SMTP server took about 80, and started again. Every mail arrives, each with the one
 * Message-ID of its notification.
 *
 * The protocol is at-least-once across a crash: a mail the SMTP server took just before the
 * kill, whose outbox job had not yet been marked done, is sent again after the restart. It
 * then carries the same Message-ID (mail programs and archives show it once), so the test
 * measures such repeats and allows at most one per crash.
 */

const MAILS = 240;
const KILL_AFTER = 80;
const TIMEOUT = 240_000;
/** The claim of the killed worker on its jobs runs out this soon, so the restart takes them over. */
const LEASE_SECONDS = '2';
const BASE_URL = 'https://planning.example.org/';

describe.each(ENGINES)('notification mail across a crash on %s', (engine) => {
  let hub: Hub;
  let mailbox: Mailbox;
  let server: Served | null = null;
  const notificationIds = new Set<string>();

  beforeAll(async () => {
    requireBuild();
    mailbox = await startMailbox({ delayMs: 15 });
    // The mails are queued in-process (comments are rate-limited over HTTP), then the database
    // is handed to a server process that sends them.
    hub = await startHub(engine, {
      baseUrl: BASE_URL,
      env: { SMTP_URL: mailbox.url },
      limits: { commentsPerAccount: { max: 100_000 }, commentsPerClient: { max: 100_000 } },
    });
    const reader = await verifiedUser(hub, 'Anna Berg', 'en', 'Europe/Berlin', new Date());
    const writer = await buildUser(hub, { name: 'Bob Writer' });
    const idea = await buildIdea(hub, reader, { title: 'Crash-proof mail' });
    for (let i = 0; i < MAILS; i++)
      await hub.app.comments.create(writer.actor, 'idea', idea.id, { body: `Comment ${i}` }, 'crash');
    const inbox = await hub.app.notifications.list(reader.actor, { limit: 1000 });
    for (const n of inbox.items) notificationIds.add(n.id);
    expect(notificationIds.size).toBe(MAILS);
    await hub.server.close();
  }, TIMEOUT);
  afterAll(async () => {
    if (server) await server.stop();
    await hub?.testDb.drop().catch(() => undefined);
    await mailbox?.close();
  });

  it(
    'delivers all 240 mails after a SIGKILL, each Message-ID once but for at most one repeat per crash',
    async () => {
      const env = {
        PLENUM_DATA_DIR: hub.testDb.dir,
        ...(hub.testDb.url ? { DATABASE_URL: hub.testDb.url } : {}),
        PLENUM_BASE_URL: BASE_URL,
        SMTP_URL: mailbox.url,
        PLENUM_OUTBOX_LEASE_SECONDS: LEASE_SECONDS,
      };
      // SQLite has one writer: the in-process connection lets go of the file first.
      if (engine === 'sqlite') await hub.testDb.database.close();
      server = await serve(env);
      const first = server;
      await until(
        () => mailbox.messages.length >= KILL_AFTER,
        120_000,
        () => `${mailbox.messages.length} of ${KILL_AFTER} mails before the kill\n${first.output()}`,
      );
      first.child.kill('SIGKILL');
      await first.exited;
      const beforeRestart = mailbox.messages.length;
      expect(beforeRestart).toBeGreaterThanOrEqual(KILL_AFTER);
      expect(beforeRestart).toBeLessThan(MAILS);

      server = await serve(env);
      const ids = () => new Set(mailbox.messages.map((m) => m.messageId));
      await until(
        () => ids().size >= MAILS,
        120_000,
        () => `${ids().size} of ${MAILS} distinct mails\n${server?.output() ?? ''}`,
      );
      // Anything more the restarted server would send comes within a moment.
      await new Promise((r) => setTimeout(r, 1000));
      const expected = new Set([...notificationIds].map((id) => `<notification.${id}@planning.example.org>`));
      expect(ids()).toEqual(expected);
      const repeats = mailbox.messages.length - ids().size;
      console.log(`notification mail on ${engine}: ${MAILS} mails, 1 kill, ${repeats} repeats`);
      // One crash: at most the mail in flight when it came is sent twice, with the same id.
      expect(repeats).toBeLessThanOrEqual(1);
    },
    TIMEOUT,
  );
});
