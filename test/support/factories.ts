import { randomBytes } from 'node:crypto';
import type { User } from '../../src/app/accounts.js';
import { queueMessage } from '../../src/app/webhook-emit.js';
import type { Idea } from '../../src/domain/idea.js';
import type { Actor, Role } from '../../src/domain/roles.js';
import { newId } from '../../src/store/ids.js';
import { PageClient } from './client.js';
import type { Hub } from './hub.js';

export const PASSWORD = 'correct horse battery';

export interface TestUser {
  user: User;
  actor: Extract<Actor, { kind: 'user' }>;
  /** A personal API token acting as this user. */
  token: string;
  auth: { authorization: string };
}

/** A user of the given role with an API token, each with unique e-mail. */
export async function buildUser(hub: Hub, options: { role?: Role; name?: string } = {}): Promise<TestUser> {
  const role = options.role ?? 'member';
  const id = randomBytes(4).toString('hex');
  const user = await hub.app.accounts.createUser('system', {
    email: `${role}-${id}@example.org`,
    name: options.name ?? `${role[0]?.toUpperCase()}${role.slice(1)} ${id}`,
    role,
    password: PASSWORD,
  });
  const actor = { kind: 'user' as const, userId: user.id, role: user.role, name: user.name };
  const { token } = await hub.app.accounts.createApiToken(actor, 'tests');
  return { user, actor, token, auth: { authorization: `Bearer ${token}` } };
}

export async function buildIdea(
  hub: Hub,
  by: TestUser,
  fields: {
    title: string;
    description?: string;
    tags?: string[];
    links?: { label: string; url: string }[];
    status?: 'proposed' | 'backlog';
  },
): Promise<Idea> {
  return hub.app.ideas.propose(by.actor, fields);
}

/** The people of a moderation story: who sets it up, who reviews, whose first posts wait, who reads. */
export interface ModerationCast {
  admin: TestUser;
  maintainer: TestUser;
  newcomer: TestUser;
  reader: TestUser;
}

export async function buildModerationCast(hub: Hub): Promise<ModerationCast> {
  const [admin, maintainer, newcomer, reader] = await Promise.all([
    buildUser(hub, { role: 'admin', name: 'Ada' }),
    buildUser(hub, { role: 'maintainer', name: 'Mara' }),
    buildUser(hub, { name: 'Newt' }),
    buildUser(hub, { name: 'Rea' }),
  ]);
  return { admin, maintainer, newcomer, reader };
}

/** A page client signed in through the real sign-in form. */
export async function signedInClient(hub: Hub, who: TestUser): Promise<PageClient> {
  const client = new PageClient(hub, { 'x-forwarded-for': `10.0.${Math.floor(Math.random() * 250)}.1` });
  await client.get('/login');
  const res = await client.post('/login', { email: who.user.email, password: PASSWORD, next: '/' });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return client;
}

/**
 * The reference community's series, "Planning meeting": Mondays of odd ISO weeks, 14:00–14:30
 * in Berlin, from 1 Nov 2026 (so 30 Nov, 14 Dec, 28 Dec, 4 Jan 2027 …).
 */
export function planningSeries(
  hub: Hub,
  by: TestUser,
  title = 'Planning meeting',
  more: { platform?: string; joinUrl?: string } = {},
) {
  return hub.app.meetings.create(by.actor, {
    title,
    weekday: 1,
    startTime: '14:00',
    durationMinutes: 30,
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    startDate: '2026-11-01',
    ...more,
  });
}

/** A sign-in through another site linked to the user, stored as a finished round trip leaves it. */
export async function linkIdentity(
  hub: Hub,
  who: TestUser,
  fields: { provider?: 'oidc' | 'github'; login?: string | null; avatarUrl?: string | null; at?: Date } = {},
): Promise<string> {
  const id = newId();
  const at = (fields.at ?? new Date()).toISOString();
  await hub.store.read.identities.insert({
    id,
    user_id: who.user.id,
    provider: fields.provider ?? 'oidc',
    subject: id,
    email: who.user.email,
    email_verified: 1,
    login: fields.login ?? null,
    avatar_url: fields.avatarUrl ?? null,
    created_at: at,
    last_used_at: null,
  });
  return id;
}

/** A webhook endpoint registered by `admin`, with one failed delivery in its log. */
export async function buildWebhookWithDelivery(
  hub: Hub,
  admin: Actor,
): Promise<{ endpointId: string; deliveryId: string }> {
  const { endpoint } = await hub.app.webhooks.create(admin, {
    url: 'https://hooks.example.org/in',
    events: ['idea.proposed'],
  });
  const deliveryId = newId();
  await hub.store.transaction(async (repos) => {
    const at = new Date().toISOString();
    const event = { type: 'idea.proposed' as const, path: 'ideas/x', data: {} };
    const message = await queueMessage(repos, at, endpoint.id, event);
    await repos.webhooks.insertDelivery({
      id: deliveryId,
      message_id: message,
      endpoint_id: endpoint.id,
      at,
      duration_ms: 5,
      response_status: 500,
      response_body: 'down',
      error: null,
    });
  });
  return { endpointId: endpoint.id, deliveryId };
}

/** Gives a member a language and zone and confirms their address, so their notifications are mailed. */
export async function mailableMember(
  hub: Hub,
  who: TestUser,
  profile: { locale: string; timeZone: string },
  at: Date,
): Promise<TestUser> {
  const { name, version } = who.user;
  await hub.app.accounts.updateProfile(who.actor, version, { name, ...profile });
  await hub.store.transaction((repos) =>
    repos.accountTokens.markVerified(who.user.id, who.user.email, at.toISOString()),
  );
  return who;
}

/**
 * Starts a meeting ahead of its time, as a maintainer does, so its notes, decisions and action
 * items can be written (a meeting that has not begun refuses them). One already begun is left as it is.
 */
export async function startMeeting(hub: Hub, by: TestUser, slug: string, date: string): Promise<void> {
  if ((await hub.app.minutes.phase(slug, date)).phase === 'before')
    await hub.app.minutes.start(by.actor, slug, date);
}
