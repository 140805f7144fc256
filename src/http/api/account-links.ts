import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { MailOptions } from '../../app/password-reset.js';
import type { Config } from '../../config.js';
import type { Locale } from '../../domain/locale.js';
import { accountLinkUrl } from '../../mail/account-mail.js';
import { HttpError } from '../problem.js';
import { clientOf } from '../rate-limit.js';
import { ResetLinkAnswer, ResetPassword, ResetRequest, VerifyEmail } from '../schemas/account-links.js';
import { UserParams } from '../schemas/accounts.js';
import { BROWSER_COOKIE, verifyCsrfToken } from '../session.js';
import { noContentRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, Problem, WriteProblems } from './schemas.js';

const security = BEARER;

/** The mail options of a request's language: mailed when the hub sends mail. */
function mailOptions(config: Config, locale: Locale): MailOptions {
  return { mail: config.smtpUrl !== undefined, locale };
}

function registerBrowserCsrf(server: ApiServer, config: Config, secret: string): void {
  // These need no sign-in, so a browser may send them before it has a session: then, as for a
  // session, its page's CSRF token must come along. A script sends no cookie and needs none.
  server.addHook('preHandler', async (request) => {
    if (request.auth.via !== 'none' || !request.cookies[BROWSER_COOKIE]) return;
    if (!verifyCsrfToken(request, config, secret, request.headers['x-csrf-token'])) {
      throw new HttpError(403, 'error.csrf');
    }
  });
}

/** Asking for a reset link, and setting the new password with it: no sign-in needed. */
function registerPasswordReset(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/me/password-reset',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Ask for a password reset link by mail',
        description:
          'Needs no token: for whoever forgot the password. The answer is 202 whether or not the address has an account; when it has, a link that works once for an hour goes to it (at most 3 an hour per address). Limited per client (429).',
        body: ResetRequest,
        response: { 202: Type.Null(), 400: Problem, 403: Problem, 422: Problem, 429: Problem },
      },
    },
    async (request, reply) => {
      await app.passwordReset.requestReset(
        request.auth.actor,
        request.body,
        clientOf(request),
        mailOptions(config, request.locale),
      );
      return reply.code(202).send(null);
    },
  );

  server.post(
    '/password-reset',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Set a new password with a reset link',
        description:
          'The secret of the link as `token`. The link works once; every session of the account ends and all its API tokens are revoked (their number comes back). A used, expired or unknown link is refused (422).',
        body: ResetPassword,
        response: {
          200: Type.Object({ tokensRevoked: Type.Integer({ minimum: 0 }) }),
          400: Problem,
          403: Problem,
          422: Problem,
          429: Problem,
        },
      },
    },
    async (request) => {
      const { tokensRevoked } = await app.passwordReset.resetPassword(request.auth.actor, request.body, {
        startSession: false,
      });
      return { tokensRevoked };
    },
  );
}

/** An admin's reset link for someone. */
function registerResetLink(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/users/:id/reset-link',
    {
      schema: bearerWrite(
        {
          tags: ['users'],
          summary: 'Send someone a password reset link (admins)',
          description:
            'When the hub sends mail the link goes to the account’s address; otherwise it comes back here, once, to be handed over.',
          params: UserParams,
        },
        { 200: ResetLinkAnswer },
      ),
    },
    async (request, reply) => {
      const result = await app.passwordReset.sendResetLink(
        request.auth.actor,
        request.params.id,
        mailOptions(config, request.locale),
      );
      reply.header('cache-control', 'no-store');
      return result.mailed
        ? { mailed: true, link: null }
        : { mailed: false, link: accountLinkUrl(config, 'password-reset', result.token) };
    },
  );
}

/** The check of an account's address: mailing its link again, and confirming with it. */
function registerEmailVerification(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/me/verification',
    {
      schema: {
        tags: ['accounts'],
        security,
        summary: 'Mail the link that confirms one’s address again',
        description: 'Nothing is sent for an address confirmed already. At most 3 an hour (429).',
        response: { 202: Type.Null(), ...WriteProblems, 429: Problem },
      },
    },
    async (request, reply) => {
      await app.emailVerification.sendVerification(request.auth.actor, mailOptions(config, request.locale));
      return reply.code(202).send(null);
    },
  );

  noContentRoute(
    server,
    {
      method: 'POST',
      url: '/email-verification',
      schema: {
        tags: ['accounts'],
        summary: 'Confirm an address with the link mailed to it',
        description: 'The secret of the link as `token`; it works once, for a day.',
        body: VerifyEmail,
        response: { 204: Type.Null(), 400: Problem, 403: Problem, 422: Problem },
      },
    },
    (request) => app.emailVerification.verifyEmail(request.auth.actor, request.body.token),
  );
}

/** Password resets and address checks in the JSON API: the twins of the mailed links' forms. */
export function accountLinkApiRoutes(app: App, config: Config, secret: string): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerBrowserCsrf(server, config, secret);
    registerPasswordReset(server, app, config);
    registerResetLink(server, app, config);
    registerEmailVerification(server, app, config);
  };
}
