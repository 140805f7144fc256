import type { FastifyReply, FastifyRequest } from 'fastify';
import { h, type VNode } from 'preact';
import type { Config } from '../../config.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { FieldErrors } from '../../web/components/form.js';
import { type MessageKey, translator } from '../../web/i18n/index.js';
import { buildUrl, type PageContext } from '../../web/page-context.js';
import { ErrorPage } from '../../web/pages/error.js';
import { renderPage } from '../../web/render.js';
import { describeError, fieldErrors } from '../problem.js';
import { issueCsrfToken, rememberLocale, verifyCsrfToken } from '../session.js';

/** Confirmations a redirect may ask the next page to show (`?notice=`); anything else is ignored. */
const NOTICES = new Set<MessageKey>([
  'idea.proposed',
  'idea.created',
  'idea.saved',
  'idea.statusChanged',
  'texts.saved',
  'setup.done',
  'login.signedIn',
  'login.signedOut',
  'register.done',
  'profile.saved',
  'profile.passwordChanged',
  'profile.tokenRevoked',
  'admin.userCreated',
  'admin.roleChanged',
  'admin.registrationSaved',
  'invite.sent',
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
  constructor(body: unknown) {
    this.values = new Map();
    if (typeof body !== 'object' || body === null) return;
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      const list = Array.isArray(value) ? value : [value];
      this.values.set(
        key,
        list.filter((v): v is string => typeof v === 'string'),
      );
    }
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

/** A local path to return to after a form; anything that could leave the site becomes the fallback. */
export function safeNext(value: string, fallback: string): string {
  return value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') ? value : fallback;
}

/** Helpers every page route uses: the page context, rendering, redirects, CSRF and error display. */
export function pageKit(config: Config, secret: string) {
  function pathOf(request: FastifyRequest): string {
    const raw = request.url.startsWith(config.basePath)
      ? request.url.slice(config.basePath.length)
      : request.url;
    const [path = '/', query = ''] = raw.split('?');
    const params = new URLSearchParams(query);
    params.delete('notice');
    params.delete('lang');
    const qs = params.toString();
    return `${path || '/'}${qs ? `?${qs}` : ''}`;
  }

  function ctx(request: FastifyRequest, reply: FastifyReply): PageContext {
    rememberLocale(request, reply, config);
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
      csrfToken: issueCsrfToken(request, reply, config, secret),
      currentPath: pathOf(request),
      url: (path, q) => buildUrl(config.basePath, path, q),
      notice,
    };
  }

  function send<P>(reply: FastifyReply, page: VNode<P>, status = 200): FastifyReply {
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header(
        'content-security-policy',
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
      )
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(renderPage(page));
  }

  function redirect(reply: FastifyReply, path: string, notice?: MessageKey): FastifyReply {
    const [p = '/', q = ''] = path.split('?');
    const params = new URLSearchParams(q);
    if (notice) params.set('notice', notice);
    const qs = params.toString();
    return reply.redirect(`${config.basePath}${p}${qs ? `?${qs}` : ''}`, 303);
  }

  function csrfOk(request: FastifyRequest, fields: FormFields): boolean {
    return verifyCsrfToken(request, config, secret, fields.get('_csrf'));
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

  function errorPage(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
    const t = translator(request.locale ?? 'en');
    const d = describeError(err, t);
    if (d.status >= 500) request.log.error({ err }, 'unexpected error');
    for (const [k, v] of Object.entries(d.headers)) reply.header(k, v);
    const message = err instanceof NotFoundError ? t('error.notFound') : d.detail;
    return send(
      reply,
      h(ErrorPage, { ctx: ctx(request, reply), message, signIn: d.status === 401 }),
      d.status,
    );
  }

  return {
    ctx,
    send,
    redirect,
    csrfOk,
    formProblem,
    errorPage,
    t: (request: FastifyRequest) => translator(request.locale),
  };
}

export type PageKit = ReturnType<typeof pageKit>;
