import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatFormat, WEBHOOK_FORMATS } from '../src/domain/chat-formats.js';
import { WEBHOOK_EVENTS } from '../src/domain/webhook-events.js';
import { hasChatSentence } from '../src/mail/chat-post.js';
import { webhookTransport } from '../src/mail/webhook-transport.js';
import { type OutboxWorker, startOutboxWorker } from '../src/mail/worker.js';
import { migrateTo, migrateToLatest } from '../src/store/migrate.js';
import { type ChatReceived, startChatReceiver } from './support/chat-receivers.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { freshDatabase } from './support/fresh-database.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

const CHATS = WEBHOOK_FORMATS.filter((f): f is ChatFormat => f !== 'standard');

/** A title that is markup on every platform: HTML, Slack's control characters, Markdown, mentions. */
const NASTY = '<img src=x onerror=alert(1)> *Dark* & [mode](https://evil.example) @everyone';

// biome-ignore lint/suspicious/noExplicitAny: a receiver's JSON is read by path in the checks below
type Json = Record<string, any>;

/** What each platform shows of a post, and checks that the nasty title reached it as text only. */
const SHOWN: Record<ChatFormat, (json: Json) => { text: string; link: string }> = {
  slack: (j) => ({
    text: j.blocks[0].text.text,
    link: /<([^|>]+)\|/u.exec(j.blocks[0].text.text)?.[1] ?? '',
  }),
  mattermost: (j) => ({ text: j.text, link: /\]\((http[^)]+)\)$/u.exec(j.text)?.[1] ?? '' }),
  teams: (j) => ({
    text: j.attachments[0].content.body[0].text,
    link: j.attachments[0].content.actions[0].url,
  }),
  discord: (j) => ({ text: j.content, link: j.embeds[0].url }),
  matrix: (j) => ({ text: j.html, link: /href="([^"]+)"/u.exec(j.html)?.[1] ?? '' }),
};

function expectEscaped(format: ChatFormat, json: Json): void {
  const { text } = SHOWN[format](json);
  expect(text, format).not.toMatch(/(^|[^\\])<img/u);
  // Slack's mrkdwn links only with <url|text> and HTML with tags: brackets stay there as they are.
  if (format === 'slack') {
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; *Dark* &amp; [mode](https://evil.example)');
    expect(json.text).not.toContain('<img');
  } else if (format === 'matrix') {
    expect(text).toContain('&lt;img src=x onerror=alert(1)&gt; *Dark* &amp; [mode](https://evil.example)');
    expect(text).toContain('@\u2060everyone');
  } else {
    expect(text).toContain(
      '\\<img src=x onerror=alert\\(1\\)\\> \\*Dark\\* & \\[mode\\]\\(https\\://evil.example\\)',
    );
  }
  if (format === 'mattermost') expect(text).toContain('@\u2060everyone');
  if (format === 'discord') expect(json.allowed_mentions).toEqual({ parse: [] });
}

describe.each(ENGINES)('chat posts on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let member: TestUser;
  let worker: OutboxWorker;
  const receivers = {} as Record<ChatFormat, Awaited<ReturnType<typeof startChatReceiver>>>;

  beforeAll(async () => {
    hub = await startHub(engine, { webhookAllowPrivate: () => true });
    [admin, member] = await Promise.all([buildUser(hub, { role: 'admin' }), buildUser(hub)]);
    for (const format of CHATS) receivers[format] = await startChatReceiver(format);
    const transport = webhookTransport({ timeoutMs: 2000 });
    worker = startOutboxWorker(hub.app, hub.config, null, { autoStart: false, webhooks: transport });
  });
  afterAll(async () => {
    await worker.stop();
    for (const r of Object.values(receivers)) await r.close();
    await hub.close();
  });

  const api = (method: 'GET' | 'POST' | 'PATCH', url: string, json?: object) =>
    hub.server.inject({
      method,
      url: `/api/v1${url}`,
      headers: { ...admin.auth, ...(method === 'PATCH' ? { 'if-match': '*' } : {}) },
      ...(json ? { payload: json } : {}),
    });
  const deliveries = async (id: string) =>
    (await api('GET', `/webhooks/${id}/deliveries`)).json().items as { responseStatus: number | null }[];

  it('posts an idea and a comment to each platform in its own format, linking back, with markup escaped', async () => {
    const ids: Record<string, string> = {};
    for (const format of CHATS) {
      const res = await api('POST', '/webhooks', {
        url: receivers[format].url,
        events: ['idea.proposed', 'comment.created'],
        format,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ format, locale: 'en' });
      ids[format] = res.json().id;
    }
    // The URL is the channel's key: the audit log names only the platform and the host.
    const told = await hub.store.read.audit.listForEntity('webhook', ids.discord ?? '');
    expect(told.map((e) => e.summary)).toEqual([
      expect.stringMatching(/^discord: http:\/\/127\.0\.0\.1:\d+\/…$/u),
    ]);
    const idea = await buildIdea(hub, member, { title: NASTY });
    await hub.app.comments.create(member.actor, 'idea', idea.id, { body: 'Yes **please** <b>now</b>' }, 'c');
    expect(await worker.runOnce()).toBe(2 * CHATS.length);

    for (const format of CHATS) {
      const { received, refused } = receivers[format];
      expect(refused, format).toEqual([]);
      expect(received, format).toHaveLength(2);
      const log = await deliveries(ids[format] ?? '');
      expect(
        log.every((d) => d.responseStatus !== null && d.responseStatus < 300),
        format,
      ).toBe(true);
      // The worker sends several at once: the comment's post may arrive first.
      const commented = (r: ChatReceived) => /comment-/u.test(SHOWN[format](r.json).link);
      const proposed = received.find((r) => !commented(r)) as ChatReceived;
      const comment = received.find(commented) as ChatReceived;
      // Chat posts are not signed; the platforms would not look.
      expect(proposed.headers['webhook-signature'], format).toBeUndefined();
      expect(SHOWN[format](proposed.json).text, format).toMatch(/New idea proposed: /u);
      expect(SHOWN[format](proposed.json).link, format).toBe(`http://127.0.0.1:8080/ideas/${idea.slug}`);
      expectEscaped(format, proposed.json);
      expect(SHOWN[format](comment.json).text, format).toMatch(/New comment on /u);
      expect(SHOWN[format](comment.json).link, format).toMatch(
        new RegExp(`/ideas/${idea.slug}#comment-`, 'u'),
      );
      // The excerpt: the plain-text fallback of Matrix keeps it as typed, every rendered part escapes it.
      const rendered = format === 'matrix' ? comment.json.html : JSON.stringify(comment.json);
      expect(rendered, format).toContain('please');
      expect(rendered, format).not.toContain('<b>now');
    }
    expect(receivers.matrix.received[0]?.json.msgtype).toBe('m.notice');
    expect((receivers.teams.received[0] as ChatReceived).json).toMatchObject({
      attachments: [{ content: { type: 'AdaptiveCard', version: '1.4' } }],
    });
    expect(receivers.slack.received.map((r) => String(r.json.text).split(':')[0]).sort()).toEqual([
      'New comment on &lt;img src=x onerror=alert(1)&gt; *Dark* &amp; [mode](https',
      'New idea proposed',
    ]);
  });

  it('speaks German to an endpoint that asked for it, statuses included', async () => {
    for (const r of Object.values(receivers)) r.received.length = 0;
    const res = await api('POST', '/webhooks', {
      url: receivers.mattermost.url,
      events: ['idea.status_changed'],
      format: 'mattermost',
      locale: 'de',
    });
    expect(res.statusCode, res.body).toBe(201);
    const idea = await buildIdea(hub, member, { title: 'Dunkler Modus' });
    const maintainer = await buildUser(hub, { role: 'maintainer' });
    await hub.app.ideas.changeStatus(maintainer.actor, idea.id, idea.version, 'backlog', null);
    await worker.runOnce();
    // The channel's other endpoint (English, idea.proposed) is told in its own language.
    expect(receivers.mattermost.received.map((r) => r.json.text).sort()).toEqual([
      `Dunkler Modus: Status geändert von „vorgeschlagen“ zu „im Backlog“\n[In Plenum öffnen](http://127.0.0.1:8080/ideas/${idea.slug})`,
      `New idea proposed: Dunkler Modus\n[Open in Plenum](http://127.0.0.1:8080/ideas/${idea.slug})`,
    ]);
  });

  it('refuses a URL of the wrong shape for its platform with a clear 4xx, and stores nothing', async () => {
    const before = await hub.store.read.webhooks.listEndpoints();
    const base = receivers.slack.url.replace(/\/services\/.*$/u, '');
    const wrong: Record<ChatFormat, string> = {
      slack: `${base}/hooks/abc`,
      mattermost: `${base}/services/T1/B1/x`,
      teams: `${base}/webhookb2/abc/IncomingWebhook/def`,
      discord: `${base}/api/webhooks/abc`,
      matrix: `${base}/hooks/abc`,
    };
    for (const format of CHATS) {
      const res = await api('POST', '/webhooks', { url: wrong[format], events: ['idea.proposed'], format });
      expect(res.statusCode, format).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/u);
      expect(JSON.stringify(res.json().errors), format).toMatch(/webhook URL|Workflows URL/u);
    }
    const unknown = await api('POST', '/webhooks', {
      url: wrong.slack,
      events: ['idea.proposed'],
      format: 'irc',
    });
    expect(unknown.statusCode).toBe(400);
    expect(await hub.store.read.webhooks.listEndpoints()).toEqual(before);

    // A change of format is checked against the URL stored, and refused without a change.
    const standard = await api('POST', '/webhooks', { url: wrong.slack, events: ['idea.proposed'] });
    expect(standard.json()).toMatchObject({ format: 'standard', locale: 'en' });
    const id = standard.json().id as string;
    const turned = await api('PATCH', `/webhooks/${id}`, { format: 'discord' });
    expect(turned.statusCode).toBe(400);
    expect(JSON.stringify(turned.json().errors)).toMatch(/Discord/u);
    const moved = await api('PATCH', `/webhooks/${id}`, { format: 'discord', url: receivers.discord.url });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await api('GET', `/webhooks/${id}`)).json()).toMatchObject({ format: 'discord', locale: 'en' });
  });

  it('offers format and language on the admin page, and says in German what is wrong with a URL', async () => {
    const browser = await signedInClient(hub, admin);
    const page = await browser.get('/admin/webhooks?lang=de');
    expect(page.body).toContain('Gesendet als');
    expect(page.body).toContain('Microsoft Teams (Workflows)');
    expect(page.body).toContain('!hookshot webhook plenum');
    const once = /name="_once" value="([^"]+)"/u.exec(page.body)?.[1] ?? '';
    const before = await hub.store.read.webhooks.listEndpoints();
    const refused = await browser.post('/admin/webhooks?lang=de', {
      _once: once,
      url: 'https://discord.com/channels/123/456',
      format: 'discord',
      locale: 'de',
      events: ['idea.proposed'],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Das ist keine Discord-Webhook-URL');
    expect(refused.body).toContain('value="https://discord.com/channels/123/456"');
    expect(await hub.store.read.webhooks.listEndpoints()).toEqual(before);
  });
});

describe.each(ENGINES)('the chat formats migration on %s', (engine) => {
  it('leaves the endpoints already there standard, in English, and can be undone', async () => {
    const fresh = await freshDatabase(engine);
    try {
      const { db } = fresh.database;
      await migrateTo(db, '2026-12-03-1-search-lookup');
      const at = '2026-12-02T10:00:00.000Z';
      await db
        .insertInto('webhook_endpoints')
        // Typed as the schema was before: no format or locale yet.
        .values({
          id: '0190f3a1-0000-7000-8000-0000000000aa',
          url: 'https://ci.example.org/in',
          description: '',
          events: '["idea.proposed"]',
          secret: 'whsec_AAAA',
          status: 'active',
          paused_at: null,
          paused_reason: null,
          failed_messages: 0,
          created_at: at,
          updated_at: at,
          version: 1,
        } as never)
        .execute();
      await migrateToLatest(db);
      const row = await db.selectFrom('webhook_endpoints').select(['format', 'locale']).executeTakeFirst();
      expect(row).toEqual({ format: 'standard', locale: 'en' });
      await migrateTo(db, '2026-12-03-1-search-lookup');
      await migrateToLatest(db);
    } finally {
      await fresh.drop();
    }
  });
});

describe('chat sentences', () => {
  it('has one for every event a webhook can be sent', () => {
    expect(WEBHOOK_EVENTS.filter((type) => !hasChatSentence(type))).toEqual([]);
  });
});
