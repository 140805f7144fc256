import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIdea, buildUser, type TestUser } from './support/factories.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';

/** A comment held for review reaches webhooks only when a maintainer publishes it, and a rejected one never. */
describe.each(ENGINES)('held comments and webhooks on %s', (engine) => {
  let hub: Hub;
  let admin: TestUser;
  let newcomer: TestUser;
  let ideaSlug: string;

  beforeAll(async () => {
    hub = await startHub(engine);
    admin = await buildUser(hub, { role: 'admin' });
    newcomer = await buildUser(hub, { name: 'Newt' });
    ideaSlug = (await buildIdea(hub, admin, { title: 'Watched idea', status: 'backlog' })).slug;
    await hub.app.webhooks.create(admin.actor, {
      url: 'https://hooks.example.org/plenum',
      events: ['comment.created'],
    });
    await hub.app.settings.setHoldFirstPosts(admin.actor, 5);
  });
  afterAll(() => hub.close());

  const queued = async () => (await hub.app.outbox.backlog()).find((r) => r.kind === 'webhook')?.pending ?? 0;

  it('queues the webhook on approval, not on the held post, and never for a rejected one', async () => {
    const held = await hub.app.comments.create(
      newcomer.actor,
      'idea',
      ideaSlug,
      { body: `Held words for @${admin.user.handle}` },
      '10.1.1.1',
    );
    // The mention waits with the comment: the mentioned member is told once it is published.
    const mentioned = async () => (await hub.app.mentions.mine(admin.actor)).map((m) => m.comment_id);
    expect(await mentioned()).not.toContain(held.id);
    const rejected = await hub.app.comments.create(
      newcomer.actor,
      'idea',
      ideaSlug,
      { body: 'Spam' },
      '10.1.1.1',
    );
    expect(await queued()).toBe(0);
    await hub.app.comments.approve(admin.actor, held.id, held.version);
    expect(await queued()).toBe(1);
    expect(await mentioned()).toContain(held.id);
    await hub.app.comments.reject(admin.actor, rejected.id, rejected.version, 'Advertising');
    expect(await queued()).toBe(1);
    // A member past the hold is published at once, and heard at once.
    const maintainerWords = await hub.app.comments.create(
      admin.actor,
      'idea',
      ideaSlug,
      { body: 'Team words' },
      '10.1.1.2',
    );
    expect(maintainerWords.state).toBe('visible');
    expect(await queued()).toBe(2);
  });
});
