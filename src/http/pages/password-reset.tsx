import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { MailOptions } from '../../app/password-reset.js';
import type { Config } from '../../config.js';
import { RateLimitError } from '../../domain/errors.js';
import type { Locale } from '../../domain/locale.js';
import { accountLinkUrl } from '../../mail/account-mail.js';
import {
  ForgotPasswordPage,
  NewPasswordPage,
  ResetLinkPage,
  VerifyEmailPage,
} from '../../web/pages/password-reset.js';
import { HttpError } from '../problem.js';
import { clientOf } from '../rate-limit.js';
import { LinkParams, ResetPassword, ResetRequest, VerifyEmail } from '../schemas/account-links.js';
import { UserParams } from '../schemas/accounts.js';
import { setSessionCookie } from '../session.js';
import { formRoute, pageParams } from './form-route.js';
import type { PageKit } from './kit.js';

const NoParams = Type.Object({});

/** A 429 page tells the browser when to come back, as the problem document does. */
function retryAfter(reply: FastifyReply, cause: unknown): void {
  if (cause instanceof RateLimitError) reply.header('retry-after', String(cause.retryAfterSeconds));
}

/** The mail options of a request's language: mailed when the hub sends mail. */
type Mail = (locale: Locale) => MailOptions;

/** Asking for a reset link: the form, and the same answer for every address. */
function registerResetRequest(server: FastifyInstance, app: App, kit: PageKit, mail: Mail) {
  server.get('/password-reset', async (request, reply) =>
    kit.render(request, reply, ForgotPasswordPage, { email: '', errors: {}, message: null }),
  );

  server.post(
    '/password-reset',
    formRoute(kit, {
      action: 'password.reset',
      params: NoParams,
      body: ResetRequest,
      run: async (request, reply, { body }) => {
        await app.passwordReset.requestReset(
          request.auth.actor,
          body,
          clientOf(request),
          mail(request.locale),
        );
        // The same answer for every address, with an account or without.
        return kit.redirect(reply, '/login', 'reset.sent');
      },
      again: async (request, reply, { values, errors, message, status, cause }) => {
        retryAfter(reply, cause);
        const email = values.email ?? '';
        return kit.render(request, reply, ForgotPasswordPage, { email, errors, message }, status);
      },
    }),
  );
}

/** The page a reset link opens (looking at it uses nothing), and the new password it sets. */
function registerNewPassword(server: FastifyInstance, app: App, kit: PageKit, config: Config) {
  const linkParams = pageParams(LinkParams);
  server.get('/password-reset/:token', async (request, reply) => {
    const { token } = linkParams(request);
    const open = await app.passwordReset.isResetLinkOpen(token);
    const props = { token, open, errors: {}, message: null };
    return kit.render(request, reply, NewPasswordPage, props, open ? 200 : 404);
  });

  server.post(
    '/password-reset/new',
    formRoute(kit, {
      action: 'password.reset',
      params: NoParams,
      body: ResetPassword,
      run: async (request, reply, { body }) => {
        const { sessionToken } = await app.passwordReset.resetPassword(request.auth.actor, body, {
          startSession: true,
        });
        if (sessionToken) setSessionCookie(reply, config, sessionToken);
        return kit.redirect(reply, '/', 'reset.done');
      },
      again: async (request, reply, { values, errors, message, status }) => {
        const props = { token: values.token ?? '', open: !errors.token, errors, message };
        return kit.render(request, reply, NewPasswordPage, props, status);
      },
    }),
  );
}

/** The address check a mailed link opens. */
function registerVerifyEmail(server: FastifyInstance, app: App, kit: PageKit) {
  const linkParams = pageParams(LinkParams);
  server.get('/verify-email/:token', async (request, reply) => {
    const { token } = linkParams(request);
    return kit.render(request, reply, VerifyEmailPage, { token, errors: {}, message: null });
  });

  server.post(
    '/verify-email',
    formRoute(kit, {
      action: 'email.verify',
      params: NoParams,
      body: VerifyEmail,
      run: async (request, reply, { body }) => {
        await app.emailVerification.verifyEmail(request.auth.actor, body.token);
        return kit.redirect(reply, request.auth.user ? '/profile' : '/', 'verify.done');
      },
      again: async (request, reply, { values, errors, message, status }) =>
        kit.render(request, reply, VerifyEmailPage, { token: values.token ?? '', errors, message }, status),
    }),
  );
}

/** An admin's reset link for someone: mailed, or shown to be handed over by hand. */
function registerAdminResetLink(server: FastifyInstance, app: App, kit: PageKit, config: Config, mail: Mail) {
  server.post(
    '/admin/users/:id/reset-link',
    formRoute(kit, {
      action: 'users.resetPassword',
      params: UserParams,
      body: NoParams,
      run: async (request, reply, { params }) => {
        const result = await app.passwordReset.sendResetLink(
          request.auth.actor,
          params.id,
          mail(request.locale),
        );
        if (result.mailed) return kit.redirect(reply, '/admin', 'admin.resetMailed');
        const user = await app.accounts.findUserById(request.auth.actor, params.id);
        const link = accountLinkUrl(config, 'password-reset', result.token);
        return kit.render(request, reply, ResetLinkPage, { name: user.name, link });
      },
      // The admin page's forms are not this module's: a refusal is said on a page of its own.
      again: async (request, reply, { cause, status }) =>
        kit.errorPage(request, reply, cause ?? new HttpError(status, 'error.csrf')),
    }),
  );
}

/**
 * A forgotten password and the links mailed to an account: asking for a reset, the page the
 * link opens (looking at it uses nothing: mail scanners follow links), the new password, the
 * address check, and an admin's reset link for someone.
 */
export function passwordResetPageRoutes(app: App, kit: PageKit, config: Config) {
  const mail: Mail = (locale) => ({ mail: config.smtpUrl !== undefined, locale });

  return async (server: FastifyInstance) => {
    registerResetRequest(server, app, kit, mail);
    registerNewPassword(server, app, kit, config);
    registerVerifyEmail(server, app, kit);
    registerAdminResetLink(server, app, kit, config, mail);
  };
}
