import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import type { AccountSecurity } from '../../web/components/session-list.js';
import { HttpError } from '../problem.js';
import { SessionParams } from '../schemas/account-links.js';
import { type FormRoute, formRoute } from './form-route.js';
import type { PageKit } from './kit.js';

/** What the profile page shows of the address check and the account's sessions. */
export async function accountSecurity(
  app: App,
  request: FastifyRequest,
  config: Config,
): Promise<AccountSecurity> {
  const { actor, sessionToken } = request.auth;
  const [sessions, verifiedAt] = await Promise.all([
    app.sessionList.list(actor, sessionToken ?? null),
    app.emailVerification.verifiedAt(actor),
  ]);
  return { sessions, verifiedAt, canMail: config.smtpUrl !== undefined };
}

/** The profile's forms about the address check and the sessions; they come back to the profile. */
export function sessionPageRoutes(app: App, kit: PageKit, config: Config) {
  /** A refusal (too many mails, a foreign form) is said on a page of its own. */
  const again: FormRoute<typeof SessionParams, typeof NoBody>['again'] = async (
    request,
    reply,
    { cause, status },
  ) => {
    const err = cause ?? new HttpError(status, 'error.csrf');
    return kit.errorPage(request, reply, err);
  };

  return async (server: FastifyInstance) => {
    server.post(
      '/profile/verification',
      formRoute(kit, {
        action: 'account.edit',
        params: Type.Object({}),
        body: NoBody,
        run: async (request, reply) => {
          const mail = { mail: config.smtpUrl !== undefined, locale: request.locale };
          await app.emailVerification.sendVerification(request.auth.actor, mail);
          return kit.redirect(reply, '/profile', 'verify.sent');
        },
        again,
      }),
    );

    server.post(
      '/profile/sessions/revoke-others',
      formRoute(kit, {
        action: 'sessions.manage',
        params: Type.Object({}),
        body: NoBody,
        run: async (request, reply) => {
          await app.sessionList.revokeOthers(request.auth.actor, request.auth.sessionToken ?? null);
          return kit.redirect(reply, '/profile', 'sessions.othersRevoked');
        },
        again,
      }),
    );

    server.post(
      '/profile/sessions/:id/revoke',
      formRoute(kit, {
        action: 'sessions.manage',
        params: SessionParams,
        body: NoBody,
        run: async (request, reply, { params }) => {
          await app.sessionList.revoke(request.auth.actor, params.id);
          return kit.redirect(reply, '/profile', 'sessions.revoked');
        },
        again,
      }),
    );
  };
}

const NoBody = Type.Object({});
