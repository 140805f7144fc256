import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { ProviderAnswerError, ProviderId, SignInProvider } from '../../app/external-sign-in.js';
import type { Config } from '../../config.js';
import { NotFoundError, RuleError } from '../../domain/errors.js';
import {
  ContinueToProviderPage,
  type ProviderLink,
  SignInRefusedPage,
} from '../../web/components/external-sign-in.js';
import { isMessageKey } from '../../web/i18n/index.js';
import { limitPerClient } from '../rate-limit.js';
import { setSessionCookie } from '../session.js';
import { formRoute } from './form-route.js';
import { type PageKit, safeNext } from './kit.js';

/**
 * The round trip of a sign-in through another site, the same for every provider:
 * `GET /sign-in/<id>` sends the browser there, `GET /sign-in/<id>/callback` takes it back, and
 * `POST /sign-in/<id>/link` (signed in, from the profile) links another sign-in to the account.
 *
 * What makes the return trustworthy: the `state` is random, kept in a cookie of this browser
 * (so a return started in another browser is refused) and, hashed, in a database row that the
 * return removes (so it counts once); the PKCE verifier and the nonce in that row tie the code
 * and the ID token to this very attempt.
 */

const STATE_COOKIE = 'plenum_sign_in';
const STATE_MINUTES = 10;

/** The buttons the sign-in page shows, in the order the providers are set up. */
export function providerLinks(config: Config): ProviderLink[] {
  const links: ProviderLink[] = [];
  if (config.oidc) links.push({ id: 'oidc', label: config.oidc.name });
  if (config.github) links.push({ id: 'github', label: 'GitHub' });
  return links;
}

/**
 * Whether the sign-in page offers the password form. Off only while a provider is set up: a hub
 * whose providers were taken out of its configuration falls back to passwords.
 */
export async function passwordSignInOpen(app: App, config: Config): Promise<boolean> {
  return providerLinks(config).length === 0 || (await app.settings.passwordSignIn());
}

/** A path of this hub to land on afterwards; what could lead elsewhere lands on the home page. */
export function landingPath(raw: unknown): string {
  const value = typeof raw === 'string' ? raw.slice(0, 2000) : '';
  // Browsers drop tabs and line breaks from URLs, so `/\t/evil.example` would be `//evil.example`.
  if ([...value].some((c) => c < ' ' || c === '\x7f' || c === '\\')) return '/';
  return safeNext(value, '/');
}

function stateCookieOptions(config: Config, id: ProviderId) {
  return {
    path: `${config.basePath}/sign-in/${id}/`,
    httpOnly: true,
    // Lax: the provider sends the browser back with a top-level GET, which carries it.
    sameSite: 'lax' as const,
    secure: config.baseUrl.protocol === 'https:',
  };
}

/** What the steps of one provider's round trip share. */
interface RoundTrip {
  app: App;
  kit: PageKit;
  config: Config;
  provider: SignInProvider | null;
  id: ProviderId;
  redirectUri: string;
  /** Counts a start against the client's limit; refuses past it. */
  starts: (request: FastifyRequest) => Promise<void>;
}

function refused(round: RoundTrip, request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  const { kit, id } = round;
  if (!(err instanceof RuleError)) throw err;
  const cause = (err as Partial<ProviderAnswerError>).reason;
  if (cause !== undefined)
    request.log.warn({ err: cause, provider: id }, 'sign-in refused: the provider’s answer failed a check');
  const t = kit.t(request);
  const message = isMessageKey(err.key) ? t(err.key, err.params) : t('signIn.failed');
  const status = err.key === 'signIn.stateInvalid' || err.key === 'signIn.failed' ? 400 : 403;
  return kit.render(request, reply, SignInRefusedPage, { message }, status);
}

async function start(
  round: RoundTrip,
  request: FastifyRequest,
  reply: FastifyReply,
  next: string,
  linkUserId: string | null,
) {
  const { app, config, provider, id, redirectUri } = round;
  if (!provider) throw new NotFoundError('provider', id);
  await round.starts(request);
  try {
    const started = await provider.start(redirectUri);
    await app.identities.beginAttempt(id, started, next, linkUserId);
    reply.setCookie(STATE_COOKIE, started.state, {
      ...stateCookieOptions(config, id),
      maxAge: STATE_MINUTES * 60,
    });
    // Browsers hold a form's redirects to the page's form-action ('self'): a link started by the
    // profile's button goes on by a link the person follows.
    if (linkUserId !== null) {
      const props = { provider: provider.label, url: started.url.href };
      return round.kit.render(request, reply, ContinueToProviderPage, props);
    }
    return reply.redirect(started.url.href, 303);
  } catch (err) {
    return refused(round, request, reply, err);
  }
}

async function callback(round: RoundTrip, request: FastifyRequest, reply: FastifyReply) {
  const { app, kit, config, provider, id, redirectUri } = round;
  if (!provider) throw new NotFoundError('provider', id);
  const query = request.query as Record<string, unknown>;
  const state = typeof query.state === 'string' ? query.state : '';
  const kept = request.cookies[STATE_COOKIE] ?? '';
  reply.clearCookie(STATE_COOKIE, stateCookieOptions(config, id));
  try {
    // A return this browser did not start (a link someone sent) is refused before it costs anything.
    if (state === '' || kept !== state) throw new RuleError('signIn.stateInvalid');
    const attempt = await app.identities.takeAttempt(id, state);
    if (typeof query.error === 'string')
      throw new RuleError('signIn.providerRefused', { provider: provider.label });
    const currentUrl = new URL(request.url, config.baseUrl.origin);
    const profile = await provider.finish(
      currentUrl,
      { state, codeVerifier: attempt.code_verifier, nonce: attempt.nonce },
      redirectUri,
    );
    const done = await app.identities.complete(profile, attempt, provider);
    if (done.kind === 'linked') return kit.redirect(reply, '/profile', 'identity.linked');
    setSessionCookie(reply, config, done.sessionToken);
    return kit.redirect(reply, landingPath(attempt.next), 'login.signedIn');
  } catch (err) {
    return refused(round, request, reply, err);
  }
}

export function externalSignInRoutes(
  app: App,
  kit: PageKit,
  config: Config,
  provider: SignInProvider | null,
  id: ProviderId,
) {
  const redirectUri = new URL(`sign-in/${id}/callback`, config.baseUrl).href;
  return async (server: FastifyInstance) => {
    const starts = limitPerClient(server, app.limits, 'externalSignInsPerClient');
    const round: RoundTrip = { app, kit, config, provider, id, redirectUri, starts };
    server.get(`/sign-in/${id}`, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      return start(round, request, reply, landingPath(query.next), null);
    });
    server.get(`/sign-in/${id}/callback`, async (request, reply) => callback(round, request, reply));
    server.post(
      `/sign-in/${id}/link`,
      formRoute(kit, {
        action: 'identity.link',
        params: Type.Object({}),
        body: Type.Object({}),
        run: async (request, reply) => {
          const actor = request.auth.actor;
          if (actor.kind !== 'user') throw new NotFoundError('user', '');
          return start(round, request, reply, '/profile', actor.userId);
        },
        again: async (request, reply, { message, status }) =>
          kit.render(request, reply, SignInRefusedPage, { message }, status),
      }),
    );
  };
}
