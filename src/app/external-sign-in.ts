import type * as oidc from 'openid-client';
import { RuleError } from '../domain/errors.js';
import { ROLES, type Role } from '../domain/roles.js';
import { isLoopbackHttp, type OidcSignIn } from '../sign-in-config.js';

/**
 * The round trips to other sites that vouch for a person: OpenID Connect (through openid-client,
 * a certified relying party) and GitHub's OAuth apps. Each turns a return to the hub into a
 * profile only after every check of its protocol passed; what the hub does with the profile is
 * src/app/identities.ts.
 */

export type ProviderId = 'oidc' | 'github';

/** A person as a provider vouches for them. */
export interface ExternalProfile {
  provider: ProviderId;
  /** The provider's stable id of the person (`sub`, GitHub's numeric user id). */
  subject: string;
  /** Lower-cased; null when the provider gave none. */
  email: string | null;
  /** Whether the provider says it checked that the address is theirs. */
  emailVerified: boolean;
  name: string;
  login: string | null;
  avatarUrl: string | null;
  /** The role the provider's groups grant here (PLENUM_OIDC_ROLE_MAP); null: none. */
  role: Role | null;
}

/** What a round trip needs kept until the browser returns: the state goes to the browser only. */
export interface Started {
  url: URL;
  state: string;
  codeVerifier: string;
  nonce: string;
}

export interface Checks {
  state: string;
  codeVerifier: string;
  nonce: string;
}

export interface SignInProvider {
  id: ProviderId;
  /** The button's label. */
  label: string;
  createAccounts: boolean;
  start(redirectUri: string): Promise<Started>;
  /** The profile of the person returning at `currentUrl`; a RuleError when any check fails. */
  finish(currentUrl: URL, checks: Checks, redirectUri: string): Promise<ExternalProfile>;
}

/** Why a return was refused, for the log; the person sees the RuleError's message. */
export class ProviderAnswerError extends RuleError {
  readonly reason: unknown;
  constructor(reason: unknown) {
    super('signIn.failed');
    this.reason = reason;
  }
}

const TIMEOUT_SECONDS = 10;

/** The highest role any of the claim's values maps to. */
export function mappedRole(config: OidcSignIn, claims: Record<string, unknown>): Role | null {
  if (!config.roleClaim) return null;
  const raw = claims[config.roleClaim];
  const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(/[\s,]+/u) : [];
  const granted = new Set(values.map((v) => (typeof v === 'string' ? config.roleMap.get(v) : undefined)));
  return ROLES.find((role) => granted.has(role)) ?? null;
}

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : null;

/** openid-client is loaded with the first sign-in through a provider, not by every instance at start. */
let loaded: Promise<typeof oidc> | null = null;
const openidClient = (): Promise<typeof oidc> => {
  loaded ??= import('openid-client');
  return loaded;
};

async function claimsOf(
  config: OidcSignIn,
  server: oidc.Configuration,
  tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>,
): Promise<Record<string, unknown>> {
  const idClaims = tokens.claims();
  if (!idClaims) throw new ProviderAnswerError('no ID token');
  const wanted = ['email', 'email_verified', ...(config.roleClaim ? [config.roleClaim] : [])];
  if (wanted.every((claim) => claim in idClaims)) return idClaims;
  // Providers may keep the claims of scopes out of the ID token: the userinfo endpoint has
  // them, for the same subject only.
  const info = await (await openidClient()).fetchUserInfo(server, tokens.access_token, idClaims.sub);
  return { ...info, ...idClaims };
}

/** The `picture` claim, kept when it is a URL of a sensible length; pages show https ones only. */
function pictureOf(claim: unknown): string | null {
  const url = text(claim);
  return url !== null && url.length <= 2000 && URL.canParse(url) ? url : null;
}

function profileOf(config: OidcSignIn, claims: Record<string, unknown>): ExternalProfile {
  const subject = text(claims.sub);
  if (!subject) throw new Error('no subject');
  const email = text(claims.email)?.toLowerCase() ?? null;
  return {
    provider: 'oidc',
    subject,
    email,
    emailVerified: claims.email_verified === true,
    name: text(claims.name) ?? text(claims.preferred_username) ?? email ?? subject,
    login: text(claims.preferred_username),
    avatarUrl: pictureOf(claims.picture),
    role: mappedRole(config, claims),
  };
}

export function oidcProvider(config: OidcSignIn): SignInProvider {
  let discovered: Promise<oidc.Configuration> | null = null;
  /** Discovered once per process; a failed discovery is tried again on the next sign-in. */
  function configuration(): Promise<oidc.Configuration> {
    discovered ??= openidClient()
      .then((client) =>
        client.discovery(
          config.issuer,
          config.clientId,
          undefined,
          client.ClientSecretBasic(config.clientSecret),
          {
            timeout: TIMEOUT_SECONDS,
            // Plain http only to a provider on this machine; config refuses it anywhere else.
            execute: isLoopbackHttp(config.issuer) ? [client.allowInsecureRequests] : [],
          },
        ),
      )
      .catch((err: unknown) => {
        discovered = null;
        throw new ProviderAnswerError(err);
      });
    return discovered;
  }

  return {
    id: 'oidc',
    label: config.name,
    createAccounts: config.createAccounts,
    async start(redirectUri) {
      const server = await configuration();
      const oidc = await openidClient();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const url = oidc.buildAuthorizationUrl(server, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url, state, codeVerifier, nonce };
    },
    async finish(currentUrl, checks, redirectUri) {
      const server = await configuration();
      const oidc = await openidClient();
      try {
        const tokens = await oidc.authorizationCodeGrant(
          server,
          currentUrl,
          {
            expectedState: checks.state,
            expectedNonce: checks.nonce,
            pkceCodeVerifier: checks.codeVerifier,
            idTokenExpected: true,
          },
          { redirect_uri: redirectUri },
        );
        return profileOf(config, await claimsOf(config, server, tokens));
      } catch (err) {
        throw err instanceof RuleError ? err : new ProviderAnswerError(err);
      }
    },
  };
}
