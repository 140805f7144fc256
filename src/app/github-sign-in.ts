import { createHash, randomBytes } from 'node:crypto';
import { RuleError } from '../domain/errors.js';
import type { GithubSignIn } from '../sign-in-config.js';
import { type ExternalProfile, ProviderAnswerError, type SignInProvider } from './external-sign-in.js';

/**
 * Sign-in with GitHub's OAuth apps. GitHub speaks OAuth 2 without OpenID Connect: there is no
 * ID token, so who signed in is asked of the API with the token the code was exchanged for,
 * and the code itself is bound to this attempt by PKCE and the state.
 */

const TIMEOUT_MS = 10_000;
const random = () => randomBytes(32).toString('base64url');

interface GithubUser {
  id: number;
  login: string;
  name: string | null;
  avatar_url: string | null;
}

interface GithubEmail {
  email: string;
  primary: boolean;
  verified: boolean;
}

function isUser(value: unknown): value is GithubUser {
  const v = value as Partial<GithubUser> | null;
  return typeof v === 'object' && v !== null && typeof v.id === 'number' && typeof v.login === 'string';
}

function isEmails(value: unknown): value is GithubEmail[] {
  return Array.isArray(value) && value.every((e) => typeof (e as Partial<GithubEmail>)?.email === 'string');
}

async function call(config: GithubSignIn, path: string, token: string): Promise<Response> {
  return fetch(new URL(path, config.apiUrl), {
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'user-agent': 'Plenum',
      'x-github-api-version': '2022-11-28',
    },
    redirect: 'manual',
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

async function json(config: GithubSignIn, path: string, token: string): Promise<unknown> {
  const res = await call(config, path, token);
  if (!res.ok) throw new Error(`GitHub ${path}: ${res.status}`);
  return res.json();
}

async function exchange(
  config: GithubSignIn,
  code: string,
  codeVerifier: string,
  redirectUri: string,
): Promise<string> {
  const res = await fetch(new URL('login/oauth/access_token', config.webUrl), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      client_id: config.clientId,
      client_secret: config.clientSecret,
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
    }),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  const body = (await res.json().catch(() => null)) as { access_token?: unknown; error?: unknown } | null;
  if (!res.ok || typeof body?.access_token !== 'string') {
    throw new Error(`GitHub token exchange: ${res.status} ${String(body?.error ?? '')}`);
  }
  return body.access_token;
}

/** GitHub answers 204 for a member; 404 (or 302 to the public list) for anyone else. */
async function isMember(config: GithubSignIn, org: string, login: string, token: string): Promise<boolean> {
  const res = await call(
    config,
    `orgs/${encodeURIComponent(org)}/members/${encodeURIComponent(login)}`,
    token,
  );
  return res.status === 204;
}

/** Who the token belongs to, with the primary address when GitHub has checked it. */
async function readProfile(config: GithubSignIn, token: string): Promise<ExternalProfile> {
  const user = await json(config, 'user', token);
  const emails = await json(config, 'user/emails', token);
  if (!isUser(user) || !isEmails(emails)) throw new Error('GitHub answered in an unknown shape');
  const primary = emails.find((e) => e.primary && e.verified);
  return {
    provider: 'github',
    subject: String(user.id),
    email: primary ? primary.email.toLowerCase() : null,
    emailVerified: primary !== undefined,
    name: user.name?.trim() || user.login,
    login: user.login,
    avatarUrl: user.avatar_url,
    role: null,
  };
}

export function githubProvider(config: GithubSignIn): SignInProvider {
  return {
    id: 'github',
    label: 'GitHub',
    createAccounts: config.createAccounts,
    async start(redirectUri) {
      const state = random();
      const codeVerifier = random();
      const url = new URL('login/oauth/authorize', config.webUrl);
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: config.org ? 'read:user user:email read:org' : 'read:user user:email',
        state,
        code_challenge: createHash('sha256').update(codeVerifier).digest('base64url'),
        code_challenge_method: 'S256',
        allow_signup: 'false',
      }).toString();
      // No ID token, so no nonce to check; kept so every attempt has the same shape.
      return { url, state, codeVerifier, nonce: random() };
    },
    async finish(currentUrl, checks, redirectUri) {
      const code = currentUrl.searchParams.get('code') ?? '';
      // The route compared the state with this browser's cookie; compared again where it is used.
      if (currentUrl.searchParams.get('state') !== checks.state || code === '') {
        throw new RuleError('signIn.stateInvalid');
      }
      let profile: ExternalProfile;
      let token: string;
      try {
        token = await exchange(config, code, checks.codeVerifier, redirectUri);
        profile = await readProfile(config, token);
      } catch (err) {
        throw new ProviderAnswerError(err);
      }
      if (
        config.org &&
        !(await isMember(config, config.org, profile.login ?? '', token).catch(() => false))
      ) {
        throw new RuleError('signIn.notMember', { org: config.org });
      }
      return profile;
    },
  };
}
