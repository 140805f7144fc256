import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type FunctionComponent, h, type VNode } from 'preact';
import type { FormTokensUseCases } from '../../app/form-tokens.js';
import type { Config } from '../../config.js';
import { ForbiddenError, NotFoundError, RateLimitError, ValidationError } from '../../domain/errors.js';
import type { FieldErrors } from '../../web/components/form.js';
import { type MessageKey, translator } from '../../web/i18n/index.js';
import { buildUrl, type PageContext } from '../../web/page-context.js';
import { ErrorPage } from '../../web/pages/error.js';
import { renderPage } from '../../web/render.js';
import { sendCached } from '../compression.js';
import { describeError, fieldErrors, logServerError } from '../problem.js';
import type { CachedBody } from '../response-cache.js';
import { pagePolicy } from '../security-headers.js';
import { issueCsrfToken, rememberLocale, verifyCsrfToken } from '../session.js';
import { formOnce } from './form-once.js';

/** Confirmations a redirect may ask the next page to show (`?notice=`); anything else is ignored. */
const NOTICES = new Set<MessageKey>([
  'webhooks.changed',
  'webhooks.removed',
  'webhooks.redelivered',
  'reset.sent',
  'reset.done',
  'verify.sent',
  'verify.done',
  'sessions.revoked',
  'sessions.othersRevoked',
  'admin.resetMailed',
  'idea.proposed',
  'idea.created',
  'idea.saved',
  'idea.statusChanged',
  'proposals.created',
  'proposals.saved',
  'proposals.stateChanged',
  'groups.created',
  'groups.saved',
  'interest.added',
  'interest.removed',
  'follow.followed',
  'follow.unfollowed',
  'notifications.marked',
  'notifications.allMarked',
  'notifications.mailSaved',
  'texts.saved',
  'setup.done',
  'login.signedIn',
  'login.signedOut',
  'register.done',
  'profile.saved',
  'profile.passwordChanged',
  'profile.passwordChangedTokensRevoked',
  'profile.tokenRevoked',
  'ownData.deleted',
  'ownData.userDeleted',
  'identity.linked',
  'identity.unlinked',
  'admin.userCreated',
  'admin.roleChanged',
  'admin.userDisabled',
  'admin.userEnabled',
  'admin.registrationSaved',
  'invite.sent',
  'docs.imported',
  'agenda.topicAdded',
  'agenda.topicProposed',
  'agenda.topicChanged',
  'minutes.saved',
  'board.itemAdded',
  'board.itemSaved',
  'board.itemMoved',
  'board.columnAdded',
  'board.columnSaved',
  'roadmap.saved',
  'minutes.published',
  'minutes.decided',
  'minutes.actionAdded',
  'minutes.actionChanged',
  'decision.objected.notice',
  'admin.nominationsSaved',
  'admin.imagesSaved',
  'admin.moderationSaved',
  'admin.nameSaved',
  'comment.approved',
  'idea.approved',
  'idea.rejected',
  'idea.heldCreated',
  'comment.rejected',
  'comment.dismissed',
  'comment.heldCreated',
  'form.alreadySent',
  'nominate.done',
  'minutes.noteTakerSet',
  'meetings.started',
  'agenda.markedReady',
  'meetings.changed',
  'meetings.saved',
  'meetings.created',
  'meetings.created',
  'meetings.saved',
  'meetings.changed',
]);

/** Form fields as sent by a browser: every name maps to all its values, in order. */
export class FormFields {
  private readonly values: Map<string, string[]>;
  private readonly files: Map<string, Buffer>;
  constructor(body: unknown) {
    this.values = new Map();
    this.files = new Map();
    if (typeof body !== 'object' || body === null) return;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      this.values.set(
        key,
        list.filter((v): v is string => typeof v === 'string'),
      );
      // Multipart forms (file uploads) deliver files as buffers.
      const file = list.find((v): v is Buffer => Buffer.isBuffer(v));
      if (file && file.length > 0) this.files.set(key, file);
    }
  }
  file(name: string): Buffer | null {
    return this.files.get(name) ?? null;
  }
  get(name: string): string {
    return this.values.get(name)?.[0] ?? '';
  }
  all(name: string): string[] {
    return this.values.get(name) ?? [];
  }
  /** An integer field such as a version; NaN when missing or not a number. */
  int(name: string): number {
    const raw = this.get(name);
    return /^\d{1,9}$/u.test(raw) ? Number(raw) : Number.NaN;
  }
}

/**
 * A path as a header may carry it: a slug in Cyrillic or a `next` path as typed has characters
 * outside ASCII, which Node refuses in a header (a 500 after the change was already made).
 */
export function headerSafe(path: string): string {
  return path.replace(/[^\x21-\x7e]/gu, (c) =>
    [...Buffer.from(c, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** A local path to return to after a form; anything that could leave the site becomes the fallback. */
export function safeNext(value: string, fallback: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}

/** The path of a page as its own links name it: without the base path, the notice or the language. */
function pathOf(config: Config, request: FastifyRequest): string {
  const raw = request.url.startsWith(config.basePath)
    ? request.url.slice(config.basePath.length)
    : request.url;
  const [rawPath = '/', query = ''] = raw.split('?');
  // `//host/…` (or `/\host/…`) in a link is another site: the language switch of a page
  // reached as `//evil.example/` must not lead there.
  const path = rawPath.replace(/^[/\\]+/u, '/');
  const params = new URLSearchParams(query);
  params.delete('notice');
  params.delete('lang');
  const qs = params.toString();
  return `${path || '/'}${qs ? `?${qs}` : ''}`;
}

function contextOf(
  config: Config,
  request: FastifyRequest,
  csrfToken: () => string,
  now: () => Date,
): PageContext {
  const t = translator(request.locale);
  const query = request.query as Record<string, unknown> | undefined;
  const noticeKey = typeof query?.notice === 'string' ? query.notice : '';
  const notice = NOTICES.has(noticeKey as MessageKey)
    ? t(noticeKey as MessageKey, { name: request.auth.user?.name ?? '' })
    : null;
  return {
    locale: request.locale,
    t,
    actor: request.auth.actor,
    user: request.auth.user,
    // Issued when a form asks for it: a page without a form sets no browser cookie, so it
    // costs no HMAC and stays the same for every anonymous reader (and can be cached).
    get csrfToken() {
      return csrfToken();
    },
    get formToken() {
      // A form with a one-time token is one reader's, like its CSRF token: asking for this
      // keeps a page from being shared between anonymous readers too.
      csrfToken();
      return randomBytes(18).toString('base64url');
    },
    currentPath: pathOf(config, request),
    url: (path, q) => buildUrl(config.basePath, path, q),
    absoluteUrl: (path, q) => `${config.baseUrl.origin}${buildUrl(config.basePath, path, q)}`,
    notice,
    images: { remote: request.remoteImages, origin: config.baseUrl.origin },
    hubName: request.hubName || t('app.name'),
    planningBoard: request.planningBoard,
    unread: request.unread,
    inboxCursor: request.inboxCursor,
    now: now(),
  };
}

function pageHeaders(reply: FastifyReply): FastifyReply {
  // Images of other sites load only where an admin allows them, as Markdown renders them.
  return reply
    .header('content-security-policy', pagePolicy(reply.request.remoteImages))
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin');
}

/** Field errors and the summary line for a failed form submission, or null if the error is not the user's to fix. */
function formProblem(
  request: FastifyRequest,
  err: unknown,
): { errors: FieldErrors; message: string; status: number } | null {
  const t = translator(request.locale);
  if (err instanceof ValidationError)
    return { errors: fieldErrors(err, t), message: t('error.validation'), status: 422 };
  const d = describeError(err, t);
  if (d.status >= 500 || err instanceof ForbiddenError || err instanceof NotFoundError) return null;
  return { errors: {}, message: d.detail, status: d.status };
}

/** A page for one reader: never stored by a cache. */
function send<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
  return pageHeaders(reply)
    .code(status)
    .type('text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(renderPage(page));
}

/** A 303 to a path of the site, with a notice for the page it leads to. */
function redirectTo(basePath: string, reply: FastifyReply, path: string, notice?: MessageKey): FastifyReply {
  // The notice joins the query, which comes before any #fragment.
  const hashAt = path.indexOf('#');
  const fragment = hashAt >= 0 ? path.slice(hashAt) : '';
  const [p = '/', q = ''] = (hashAt >= 0 ? path.slice(0, hashAt) : path).split('?');
  const params = new URLSearchParams(q);
  if (notice) params.set('notice', notice);
  const qs = params.toString();
  return reply.redirect(headerSafe(`${basePath}${p}${qs ? `?${qs}` : ''}${fragment}`), 303);
}

/**
 * The context of a page rendered once for every anonymous reader of the same URL and locale.
 * Such a page cannot hold a CSRF token (it is bound to one browser): `usedToken` tells whether
 * the page asked for one, and then it must be rendered per request with `ctx` instead.
 */
function sharedCtx(
  config: Config,
  request: FastifyRequest,
  now: () => Date,
): { ctx: PageContext; usedToken: () => boolean } {
  let used = false;
  const shared = contextOf(
    config,
    request,
    () => {
      used = true;
      return '';
    },
    now,
  );
  return { ctx: shared, usedToken: () => used };
}

/**
 * A page rendered for every anonymous reader: revalidated by ETag on each use, so a browser
 * gets 304 until the next write. Varies with the language and with signing in (the cookie).
 */
function sendShared(
  config: Config,
  request: FastifyRequest,
  reply: FastifyReply,
  page: CachedBody,
): Promise<FastifyReply> {
  rememberLocale(request, reply, config);
  pageHeaders(reply).header('cache-control', 'no-cache').type('text/html; charset=utf-8');
  return sendCached(request, reply.code(200), page, 'accept-language, cookie');
}

/** Helpers every page route uses: the page context, rendering, redirects, CSRF and error display. */
export function pageKit(
  config: Config,
  secret: string,
  formTokens: FormTokensUseCases,
  /** The hub's clock (tests set it). */
  now: () => Date,
) {
  function ctx(request: FastifyRequest, reply: FastifyReply): PageContext {
    rememberLocale(request, reply, config);
    let token: string | undefined;
    return contextOf(
      config,
      request,
      () => {
        token ??= issueCsrfToken(request, reply, config, secret);
        return token;
      },
      now,
    );
  }

  /** `page` for this request alone: its props and the reader's context. */
  function render<P extends { ctx: PageContext }>(
    request: FastifyRequest,
    reply: FastifyReply,
    page: FunctionComponent<P>,
    props: Omit<P, 'ctx'>,
    status = 200,
  ): FastifyReply {
    return send(reply, h(page, { ...props, ctx: ctx(request, reply) } as P), status);
  }

  function csrfOk(request: FastifyRequest, fields: FormFields): boolean {
    return verifyCsrfToken(request, config, secret, fields.get('_csrf'));
  }

  function errorPage(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
    const t = translator(request.locale ?? 'en');
    const d = describeError(err, t);
    logServerError(request, err, d);
    for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
    const message = err instanceof NotFoundError ? t('error.notFound') : d.detail;
    return send(
      reply,
      h(ErrorPage, { ctx: ctx(request, reply), message, signIn: d.status === 401 }),
      d.status,
    );
  }

  return {
    /** Wraps the route of a form that creates something, so that sending it twice makes it once. */
    once: formOnce(formTokens, config.basePath),
    ctx,
    sharedCtx: (request: FastifyRequest) => sharedCtx(config, request, now),
    send,
    render,
    sendShared: (request: FastifyRequest, reply: FastifyReply, page: CachedBody) =>
      sendShared(config, request, reply, page),
    redirect: (reply: FastifyReply, path: string, notice?: MessageKey) =>
      redirectTo(config.basePath, reply, path, notice),
    csrfOk,
    formProblem,
    errorPage,
    t: (request: FastifyRequest) => translator(request.locale),
  };
}

export type PageKit = ReturnType<typeof pageKit>;

/** What a page shown again after a refused form carries besides its own data. */
export interface RefusedForm {
  errors?: FieldErrors;
  message?: string | null;
  status?: number;
}

/** A 429 page tells the browser when to come back, as the problem document does. */
export function retryAfter(reply: FastifyReply, err: unknown): void {
  if (err instanceof RateLimitError) reply.header('retry-after', String(err.retryAfterSeconds));
}
