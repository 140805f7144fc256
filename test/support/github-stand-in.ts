import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * GitHub as an OAuth app sees it, on 127.0.0.1: the web side at `/` (authorize, access_token)
 * and the REST API at `/api/` (as GitHub Enterprise serves it), with GitHub's paths, status
 * codes and JSON shapes. The authorize page signs in whoever the test named in `nextLogin`.
 */

export interface GithubPerson {
  id: number;
  login: string;
  name: string | null;
  emails: { email: string; primary: boolean; verified: boolean; visibility: 'public' | 'private' | null }[];
  orgs: string[];
}

export interface GithubStandIn {
  webUrl: string;
  apiUrl: string;
  people: Map<string, GithubPerson>;
  /** Who the authorize page signs in next. */
  nextLogin: string;
  close(): Promise<void>;
}

interface Grant {
  login: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
}

function send(res: ServerResponse, status: number, body?: unknown, type = 'application/json; charset=utf-8') {
  res.statusCode = status;
  if (body === undefined) return void res.end();
  res.setHeader('content-type', type);
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString());
}

export async function startGithubStandIn(client: { id: string; secret: string }): Promise<GithubStandIn> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const codes = new Map<string, Grant>();
  const tokens = new Map<string, string>();
  const state: GithubStandIn = {
    webUrl: base,
    apiUrl: `${base}api/`,
    people: new Map(),
    nextLogin: '',
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  function authorize(url: URL, res: ServerResponse) {
    const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
    const code = randomBytes(10).toString('hex');
    codes.set(code, {
      login: state.nextLogin,
      clientId: url.searchParams.get('client_id') ?? '',
      redirectUri: redirect.href,
      challenge: url.searchParams.get('code_challenge') ?? '',
    });
    redirect.searchParams.set('code', code);
    redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
    res.setHeader('location', redirect.href);
    send(res, 302);
  }

  async function accessToken(req: IncomingMessage, res: ServerResponse) {
    const form = await readBody(req);
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const ok =
      grant !== undefined &&
      form.get('client_id') === client.id &&
      form.get('client_secret') === client.secret &&
      form.get('redirect_uri') === grant.redirectUri &&
      createHash('sha256').update(verifier).digest('base64url') === grant.challenge;
    const answer: Record<string, string> = ok
      ? {
          access_token: `gho_${randomBytes(16).toString('hex')}`,
          token_type: 'bearer',
          scope: 'read:org,user:email',
        }
      : {
          error: 'bad_verification_code',
          error_description: 'The code passed is incorrect or expired.',
          error_uri:
            'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code',
        };
    if (ok && answer.access_token) tokens.set(answer.access_token, grant.login);
    // GitHub answers 200 either way, as JSON when asked to and form-encoded otherwise.
    if (String(req.headers.accept ?? '').includes('application/json')) return send(res, 200, answer);
    return send(
      res,
      200,
      new URLSearchParams(answer).toString(),
      'application/x-www-form-urlencoded; charset=utf-8',
    );
  }

  function api(path: string, req: IncomingMessage, res: ServerResponse) {
    const token = /^(?:Bearer|token) (.+)$/u.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const person = state.people.get(tokens.get(token) ?? '');
    if (!person)
      return send(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
      });
    if (path === 'user') {
      return send(res, 200, {
        login: person.login,
        id: person.id,
        node_id: `U_${person.id}`,
        avatar_url: `https://avatars.githubusercontent.com/u/${person.id}?v=4`,
        type: 'User',
        name: person.name,
        email: person.emails.find((e) => e.visibility === 'public')?.email ?? null,
      });
    }
    if (path === 'user/emails') return send(res, 200, person.emails);
    const member = /^orgs\/([^/]+)\/members\/([^/]+)$/u.exec(path);
    if (member) {
      const [, org = '', login = ''] = member;
      const isMember = state.people.get(login)?.orgs.includes(org) ?? false;
      return isMember ? send(res, 204) : send(res, 404, { message: 'Not Found' });
    }
    return send(res, 404, { message: 'Not Found' });
  }

  server.on('request', (req, res) => {
    const url = new URL(req.url ?? '/', base);
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') return authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      return void accessToken(req, res).catch(() => send(res, 500));
    }
    if (req.method === 'GET' && url.pathname.startsWith('/api/')) return api(url.pathname.slice(5), req, res);
    return send(res, 404, { message: 'Not Found' });
  });
  return state;
}

/** The hub's settings for signing in with GitHub through the stand-in (of the organisation, if one is named). */
export function githubSignInEnv(
  standIn: GithubStandIn,
  client: { id: string; secret: string },
  org?: string,
): Record<string, string> {
  return {
    PLENUM_GITHUB_CLIENT_ID: client.id,
    PLENUM_GITHUB_CLIENT_SECRET: client.secret,
    ...(org ? { PLENUM_GITHUB_ORG: org } : {}),
    PLENUM_GITHUB_URL: standIn.webUrl,
    PLENUM_GITHUB_API_URL: standIn.apiUrl,
  };
}
