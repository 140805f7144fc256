import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { liveChannel } from '../src/app/live.js';
import { type EventStream, openEventStream } from './support/event-stream.js';
import { buildIdea, buildUser, signedInClient, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/**
 * The header's unread count on every page: a page's own event stream also says when the
 * signed-in reader's inbox changed (`event: inbox`), and only the reader's own inbox, whatever
 * the query asks for.
 */

const QUIET_MS = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const inboxEvents = (stream: EventStream) => stream.events.filter((e) => e.event === 'inbox');

const opened: EventStream[] = [];
afterEach(() => {
  for (const stream of opened.splice(0)) stream.close();
});

describe.each(ENGINES)('the inbox on every page on %s', (engine) => {
  let hub: Hub;
  let origin: string;
  let anna: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    hub = await startHub(engine);
    [anna, bob] = await Promise.all([buildUser(hub, { name: 'Anna Berg' }), buildUser(hub, { name: 'Bob' })]);
    origin = await hub.server.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => hub.close());

  /** The default board's stream, up to date, asking for the inbox as of now (as a page of `who` would). */
  async function boardStream(who: TestUser | null, inbox?: string): Promise<EventStream> {
    const board = encodeURIComponent(hub.app.live.cursor(await hub.app.live.boardChannel('default')));
    const since =
      inbox ?? (who ? encodeURIComponent(hub.app.live.cursor(liveChannel.inbox(who.actor.userId))) : 'x');
    const stream = await openEventStream(
      `${origin}/board/events?since=${board}&inbox=${since}`,
      who ? who.auth : {},
    );
    opened.push(stream);
    expect(stream.status).toBe(200);
    // On PostgreSQL the first stream starts the listener, which then says "fetch again" once.
    await sleep(QUIET_MS);
    stream.events.splice(0);
    return stream;
  }

  it('names the inbox and its script on a member’s pages, not on a visitor’s', async () => {
    const client = await signedInClient(hub, anna);
    const page = await client.get('/backlog');
    expect(page.body).toMatch(/data-inbox-since="[^"]+"/u);
    expect(page.body).toMatch(/data-inbox-events="\/notifications\/events\?since=[^"]+"/u);
    expect(page.body).toContain('/assets/inbox.js');
    const visitor = await hub.server.inject({ method: 'GET', url: '/backlog' });
    expect(visitor.body).not.toContain('data-inbox-since');
    expect(visitor.body).not.toContain('/assets/inbox.js');
    const script = await hub.server.inject({ method: 'GET', url: '/assets/inbox.js' });
    expect(script.statusCode).toBe(200);
  });

  it('tells a page’s stream of its reader’s new notification and read entries, and nobody else’s', async () => {
    const annas = await boardStream(anna);
    const bobs = await boardStream(bob);
    const visitors = await boardStream(null);
    const idea = await buildIdea(hub, anna, { title: 'Counted live' });
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Hello Anna' }, 'test');
    await annas.waitFor(1);
    expect(inboxEvents(annas).length).toBeGreaterThanOrEqual(1);
    await sleep(QUIET_MS);
    expect(inboxEvents(bobs)).toEqual([]);
    expect(inboxEvents(visitors)).toEqual([]);
    // Read in another tab: the count changes too.
    annas.events.splice(0);
    await hub.app.notifications.markRead(anna.actor, { all: true });
    await annas.waitFor(1);
    expect(inboxEvents(annas).length).toBe(1);
  });

  it('starts with an inbox event when the page’s count may be stale, and never for a stream that did not ask', async () => {
    const stale = await openEventStream(
      `${origin}/board/events?since=x&inbox=${encodeURIComponent('an old cursor')}`,
      anna.auth,
    );
    opened.push(stale);
    await stale.waitFor(2);
    expect(inboxEvents(stale).length).toBe(1);
    const plain = await openEventStream(`${origin}/board/events`, anna.auth);
    opened.push(plain);
    await sleep(QUIET_MS);
    const idea = await buildIdea(hub, anna, { title: 'Not asked' });
    await hub.app.comments.create(bob.actor, 'idea', idea.id, { body: 'Again' }, 'test');
    await sleep(QUIET_MS);
    expect(inboxEvents(plain)).toEqual([]);
  });
});
