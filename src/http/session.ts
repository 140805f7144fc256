import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Locale, SESSION_DAYS, type User } from '../app/accounts.js';
import { newSecret } from '../app/tokens.js';
import type { Config } from '../config.js';
import { negotiateLocale } from '../web/i18n/index.js';
import { csrfTokenFor, csrfTokenMatches } from './csrf.js';

export const SESSION_COOKIE = 'plenum_session';
export const LANG_COOKIE = 'plenum_lang';
/** A random value per browser before sign-in, so sign-in and registration forms carry CSRF tokens too. */
export const BROWSER_COOKIE = 'plenum_browser';

function cookieOptions(config: Config) {
  return {
    path: `${config.basePath}/`,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.baseUrl.protocol === 'https:',
  };
}

function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'de';
}

/**
 * A GET that brings no cookie and no credentials: a visitor who has chosen nothing (no
 * remembered language, no browser cookie), so the answer is the same as every such visitor's.
 */
export function isCookielessRead(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    request.headers.cookie === undefined &&
    request.headers.authorization === undefined
  );
}

/** The language of a request without cookies or an account: `?lang=`, then the browser's. */
export function cookielessLocale(request: FastifyRequest): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  return isLocale(query?.lang) ? query.lang : negotiateLocale(request.headers['accept-language']);
}

/** `?lang=` first (and remembered), then the user's setting, then the remembered choice, then the browser's. */
export function resolveLocale(request: FastifyRequest, user: User | null): Locale {
  const query = request.query as Record<string, unknown> | undefined;
  if (isLocale(query?.lang)) return query.lang;
  if (user?.locale) return user.locale;
  const remembered = request.cookies[LANG_COOKIE];
  if (isLocale(remembered)) return remembered;
  return negotiateLocale(request.headers['accept-language']);
}

export function rememberLocale(request: FastifyRequest, reply: FastifyReply, config: Config): void {
  const query = request.query as Record<string, unknown> | undefined;
  if (isLocale(query?.lang) && request.cookies[LANG_COOKIE] !== query.lang) {
    reply.setCookie(LANG_COOKIE, query.lang, { ...cookieOptions(config), maxAge: 365 * 86_400 });
  }
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions(config), maxAge: SESSION_DAYS * 86_400 });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  reply.clearCookie(SESSION_COOKIE, cookieOptions(config));
}

/** What a CSRF token is bound to: the session once signed in, else this browser's random cookie. */
function csrfBinding(request: FastifyRequest, reply: FastifyReply | null, config: Config): string | null {
  if (request.auth.sessionToken) return `session:${request.auth.sessionToken}`;
  let browser = request.cookies[BROWSER_COOKIE];
  if (!browser && reply) {
    browser = newSecret();
    reply.setCookie(BROWSER_COOKIE, browser, { ...cookieOptions(config), maxAge: 365 * 86_400 });
    // Later calls in the same request must see the same value.
    request.cookies[BROWSER_COOKIE] = browser;
  }
  return browser ? `browser:${browser}` : null;
}

export function issueCsrfToken(
  request: FastifyRequest,
  reply: FastifyReply,
  config: Config,
  secret: string,
): string {
  const binding = csrfBinding(request, reply, config);
  return binding ? csrfTokenFor(secret, binding) : '';
}

export function verifyCsrfToken(
  request: FastifyRequest,
  config: Config,
  secret: string,
  token: unknown,
): boolean {
  const binding = csrfBinding(request, null, config);
  return binding !== null && csrfTokenMatches(secret, binding, token);
}
