import { isIP } from 'node:net';
import { isRole, type Role } from './domain/roles.js';

/** Sign-in through an OpenID Connect provider (Keycloak, Microsoft Entra, Authentik, …). */
export interface OidcSignIn {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** The sign-in button's label ("Sign in with …"). */
  name: string;
  /** The claim holding the person's groups or roles, e.g. `groups`; null: roles are not mapped. */
  roleClaim: string | null;
  /** A claim value and the role it grants, e.g. `planning-admins` → `admin`. */
  roleMap: Map<string, Role>;
  /** Whether a first sign-in makes an account (otherwise only linked accounts sign in). */
  createAccounts: boolean;
}

/** Sign-in with GitHub (an OAuth app), for the members of one organisation if set. */
export interface GithubSignIn {
  clientId: string;
  clientSecret: string;
  /** Only members of this organisation are let in; null: anyone with a GitHub account. */
  org: string | null;
  /** Where the browser signs in, `https://github.com` (GitHub Enterprise has its own). */
  webUrl: URL;
  /** The REST API, `https://api.github.com` (GitHub Enterprise: `https://host/api/v3`). */
  apiUrl: URL;
  createAccounts: boolean;
}

type Env = NodeJS.ProcessEnv;
type Problem = (message: string) => Error;

/**
 * Plain http is allowed for a provider on this machine alone (tests, a provider beside the hub);
 * anywhere else tokens would cross the network readable.
 */
export function isLoopbackHttp(url: URL): boolean {
  if (url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/gu, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function secureUrl(name: string, raw: string, problem: Problem): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw problem(`${name} is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'https:' && !isLoopbackHttp(url)) {
    throw problem(`${name} must start with https:// (plain http only for 127.0.0.1 or localhost)`);
  }
  return url;
}

function flag(name: string, raw: string | undefined, problem: Problem): boolean {
  const value = (raw ?? '').trim().toLowerCase();
  if (value === '' || value === 'true' || value === '1' || value === 'yes') return true;
  if (value === 'false' || value === '0' || value === 'no') return false;
  throw problem(`${name} must be true or false, got "${raw}"`);
}

/** `planning-maintainers=maintainer,planning-admins=admin`. */
export function parseRoleMap(raw: string, problem: Problem): Map<string, Role> {
  const map = new Map<string, Role>();
  for (const entry of raw.split(',')) {
    if (entry.trim() === '') continue;
    const at = entry.lastIndexOf('=');
    const value = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || value === '' || !isRole(role)) {
      throw problem(
        `PLENUM_OIDC_ROLE_MAP: "${entry.trim()}" is not claim-value=role (role one of member, maintainer, admin)`,
      );
    }
    map.set(value, role);
  }
  return map;
}

/** Both or neither: a client id without its secret is a typo, not a choice. */
function pair(env: Env, prefix: string, problem: Problem): { clientId: string; clientSecret: string } | null {
  const clientId = env[`${prefix}_CLIENT_ID`]?.trim() ?? '';
  const clientSecret = env[`${prefix}_CLIENT_SECRET`]?.trim() ?? '';
  if (clientId === '' && clientSecret === '') return null;
  if (clientId === '' || clientSecret === '') {
    throw problem(`${prefix}_CLIENT_ID and ${prefix}_CLIENT_SECRET are set together`);
  }
  return { clientId, clientSecret };
}

export function readOidc(env: Env, problem: Problem): OidcSignIn | null {
  const issuer = env.PLENUM_OIDC_ISSUER?.trim() ?? '';
  const client = pair(env, 'PLENUM_OIDC', problem);
  if (issuer === '' && client === null) return null;
  if (issuer === '' || client === null) {
    throw problem('PLENUM_OIDC_ISSUER, PLENUM_OIDC_CLIENT_ID and PLENUM_OIDC_CLIENT_SECRET are set together');
  }
  const roleClaim = env.PLENUM_OIDC_ROLE_CLAIM?.trim() || null;
  const roleMap = parseRoleMap(env.PLENUM_OIDC_ROLE_MAP ?? '', problem);
  if (roleMap.size > 0 && roleClaim === null) {
    throw problem('PLENUM_OIDC_ROLE_MAP needs PLENUM_OIDC_ROLE_CLAIM (the claim holding the groups)');
  }
  return {
    issuer: secureUrl('PLENUM_OIDC_ISSUER', issuer, problem),
    ...client,
    name: env.PLENUM_OIDC_NAME?.trim() || 'OpenID Connect',
    roleClaim,
    roleMap,
    createAccounts: flag('PLENUM_OIDC_CREATE_ACCOUNTS', env.PLENUM_OIDC_CREATE_ACCOUNTS, problem),
  };
}

export function readGithub(env: Env, problem: Problem): GithubSignIn | null {
  const client = pair(env, 'PLENUM_GITHUB', problem);
  if (client === null) return null;
  const org = env.PLENUM_GITHUB_ORG?.trim() || null;
  if (org !== null && !/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/u.test(org)) {
    throw problem(`PLENUM_GITHUB_ORG is not an organisation's login: "${org}"`);
  }
  const base = (name: string, fallback: string) => {
    const url = secureUrl(name, env[name]?.trim() || fallback, problem);
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url;
  };
  return {
    ...client,
    org,
    webUrl: base('PLENUM_GITHUB_URL', 'https://github.com/'),
    apiUrl: base('PLENUM_GITHUB_API_URL', 'https://api.github.com/'),
    createAccounts: flag('PLENUM_GITHUB_CREATE_ACCOUNTS', env.PLENUM_GITHUB_CREATE_ACCOUNTS, problem),
  };
}

/** What the settings need to know of the set-up: how many providers people may sign in through. */
export function signInSetup(config: { oidc: OidcSignIn | null; github: GithubSignIn | null }): {
  providers: number;
} {
  return { providers: (config.oidc ? 1 : 0) + (config.github ? 1 : 0) };
}
