import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import type { AccountSecurity } from '../../web/components/session-list.js';
import { HttpError } from '../problem.js';
import { SessionParams } from '../schemas/account-links.js';
import { buttonRoute, type FormRoute } from './form-route.js';
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
      buttonRoute(kit, {
        action: 'account.edit',
        params: Type.Object({}),
        run: async (request) => {
          const mail = { mail: config.smtpUrl !== undefined, locale: request.locale };
          await app.emailVerification.sendVerification(request.auth.actor, mail);
        },
        to: '/profile',
        notice: 'verify.sent',
        again,
      }),
    );

    server.post(
      '/profile/sessions/revoke-others',
      buttonRoute(kit, {
        action: 'sessions.manage',
        params: Type.Object({}),
        run: (request) => app.sessionList.revokeOthers(request.auth.actor, request.auth.sessionToken ?? null),
        to: '/profile',
        notice: 'sessions.othersRevoked',
        again,
      }),
    );

    server.post(
      '/profile/sessions/:id/revoke',
      buttonRoute(kit, {
        action: 'sessions.manage',
        params: SessionParams,
        run: (request, params) => app.sessionList.revoke(request.auth.actor, params.id),
        to: '/profile',
        notice: 'sessions.revoked',
        again,
      }),
    );
  };
}

const NoBody = Type.Object({});
