import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeEntities, PageClient } from './support/client.js';
import { buildUser, signedInClient } from './support/factories.js';
import { type GithubStandIn, githubSignInEnv, startGithubStandIn } from './support/github-stand-in.js';
import { ENGINES, type Hub, startHub } from './support/hub.js';
import { signInRows } from './support/sign-in-rows.js';

/**
 * Signing in with GitHub against a stand-in that speaks GitHub's endpoints: members of the
 * organisation get in, others are refused; and the profile's linked sign-ins, linked while
 * signed in and removed again, never the last way to sign in.
 */

const CLIENT = { id: 'Iv1.plenumtest', secret: 'a github client secret' };
const ORG = 'plenum-dev';

let nextId = 1000;

describe.each(ENGINES)('GitHub sign-in (%s)', (engine) => {
  let github: GithubStandIn;
  let hub: Hub;

  beforeAll(async () => {
    github = await startGithubStandIn(CLIENT);
    hub = await startHub(engine, {
      env: githubSignInEnv(github, CLIENT, ORG),
    });
  });

  afterAll(async () => {
    await hub?.close();
    await github?.close();
  });

  function person(orgs: string[], email?: string) {
    const login = `octo-${randomBytes(3).toString('hex')}`;
    const id = ++nextId;
    github.people.set(login, {
      id,
      login,
      name: null,
      orgs,
      emails: [
        { email: `${login}@users.noreply.github.com`, primary: false, verified: true, visibility: null },
        { email: email ?? `${login}@example.org`, primary: true, verified: true, visibility: 'private' },
      ],
    });
    return { login, id, email: email ?? `${login}@example.org` };
  }

  /** The profile's button answers with a page whose link goes on to GitHub (form redirects stay home). */
  async function linkStart(client: PageClient, path: string): Promise<URL> {
    const page = await client.post(path, {});
    expect(page.statusCode).toBe(200);
    const href = /<a class="button primary" href="([^"]+)">Continue to GitHub<\/a>/u.exec(page.body)?.[1];
    return new URL(decodeEntities(href ?? ''));
  }

  async function signInStart(client: PageClient, path: string): Promise<URL> {
    const started = await client.get(path);
    expect(started.statusCode).toBe(303);
    return new URL(String(started.headers.location));
  }

  /** From the hub's button through GitHub and back, in `client`'s browser. */
  async function roundTrip(client: PageClient, login: string, path = '/sign-in/github') {
    github.nextLogin = login;
    const authorize = path.endsWith('/link')
      ? await linkStart(client, path)
      : await signInStart(client, path);
    expect(`${authorize.origin}/`).toBe(github.webUrl);
    expect(authorize.searchParams.get('scope')).toContain('read:org');
    const res = await fetch(authorize, { redirect: 'manual' });
    const back = new URL(res.headers.get('location') ?? '');
    return client.get(`${back.pathname}${back.search}`);
  }

  it('lets a member of the organisation in, with the primary verified address', async () => {
    const octo = person([ORG, 'elsewhere']);
    const client = new PageClient(hub);
    const res = await roundTrip(client, octo.login);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/?notice=login.signedIn');
    const user = await hub.app.accounts.findUserByEmail(octo.email);
    expect(user).toMatchObject({ name: octo.login, role: 'member' });
    const identity = await hub.store.read.identities.find('github', String(octo.id));
    expect(identity).toMatchObject({ login: octo.login, user_id: user?.id, email_verified: 1 });
    expect(identity?.avatar_url).toContain(`/u/${octo.id}`);

    const again = await roundTrip(new PageClient(hub), octo.login);
    expect(again.statusCode).toBe(303);
    expect((await hub.app.accounts.findUserByEmail(octo.email))?.id).toBe(user?.id);
  });

  it('refuses someone outside the organisation with a page that says so', async () => {
    const outsider = person(['another-org']);
    const before = await signInRows(hub);
    const res = await roundTrip(new PageClient(hub), outsider.login);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Sign-in refused');
    expect(res.body).toContain(`Only members of the GitHub organisation ${ORG} may sign in here.`);
    expect(await signInRows(hub)).toEqual(before);
  });

  it('links GitHub from the profile, lists it, and removes it unless it is the last way in', async () => {
    const owner = await buildUser(hub);
    const client = await signedInClient(hub, owner);
    const octo = person([ORG], `someone-else-${randomBytes(3).toString('hex')}@example.org`);
    const profile = await client.get('/profile');
    expect(profile.body).toContain('Link GitHub');
    const linked = await roundTrip(client, octo.login, '/sign-in/github/link');
    expect(linked.statusCode).toBe(303);
    expect(linked.headers.location).toBe('/profile?notice=identity.linked');
    const identity = await hub.store.read.identities.find('github', String(octo.id));
    expect(identity?.user_id).toBe(owner.user.id);
    const page = await client.get('/profile');
    expect(page.body).toContain(octo.login);

    // GitHub now signs in to the same account.
    const other = new PageClient(hub);
    expect((await roundTrip(other, octo.login)).statusCode).toBe(303);
    expect((await other.get('/profile')).body).toContain(owner.user.email);

    // A password and GitHub: either may go.
    await client.get('/profile');
    const removed = await client.post(`/profile/identities/${identity?.id}/unlink`, {});
    expect(removed.statusCode).toBe(303);
    expect(await hub.store.read.identities.find('github', String(octo.id))).toBeUndefined();
  });

  it('keeps the last way to sign in of an account made through GitHub', async () => {
    const octo = person([ORG]);
    const client = new PageClient(hub);
    expect((await roundTrip(client, octo.login)).statusCode).toBe(303);
    const identity = await hub.store.read.identities.find('github', String(octo.id));
    const page = await client.get('/profile');
    expect(page.body).not.toContain(`/profile/identities/${identity?.id}/unlink`);
    const res = await client.post(`/profile/identities/${identity?.id}/unlink`, {});
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('last way to sign in');
    expect(await hub.store.read.identities.find('github', String(octo.id))).toBeDefined();
  });

  it('refuses to link a GitHub account that another account uses', async () => {
    const octo = person([ORG]);
    expect((await roundTrip(new PageClient(hub), octo.login)).statusCode).toBe(303);
    const owner = await buildUser(hub);
    const client = await signedInClient(hub, owner);
    await client.get('/profile');
    const before = await signInRows(hub);
    const res = await roundTrip(client, octo.login, '/sign-in/github/link');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('linked to another account already');
    expect(await signInRows(hub)).toEqual(before);
  });
});
