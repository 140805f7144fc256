import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ConflictError } from '../../domain/errors.js';
import { authorizeUser } from '../../domain/policy.js';
import { ProfilePage, type ProfileValues } from '../../web/pages/profile.js';
import { HttpError } from '../problem.js';
import { TokenParams } from '../schemas/accounts.js';
import { buttonRoute } from './form-route.js';
import { FormFields, type PageKit, type RefusedForm, retryAfter } from './kit.js';
import { accountSecurity } from './sessions.js';
import { providerLinks } from './sign-in-external.js';

export type ProfilePageView = ReturnType<typeof profilePageOf>;

export function profilePageOf(app: App, kit: PageKit, config: Config) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: RefusedForm & {
      newToken?: string;
      values?: ProfileValues;
    } = {},
  ) => {
    authorizeUser(request.auth.actor, 'account.edit');
    const user = request.auth.user;
    if (!user) throw new HttpError(401, 'error.signInRequired');
    const fresh = (await app.accounts.findUserByEmail(user.email)) ?? user;
    const tokens = await app.accounts.listApiTokens(request.auth.actor);
    const linked = await app.identities.listIdentities(request.auth.actor);
    const mail = {
      settings: await app.notifications.settings(request.auth.actor),
      verified: (await app.accounts.me(request.auth.actor)).emailVerified,
    };
    return kit.render(
      request,
      reply,
      ProfilePage,
      {
        user: fresh,
        tokens,
        security: await accountSecurity(app, request, config),
        mail,
        identities: { ...linked, providers: providerLinks(config) },
        newToken: extra.newToken,
        errors: extra.errors ?? {},
        message: extra.message ?? null,
        values: extra.values,
      },
      extra.status ?? 200,
    );
  };
}

/** The reader's name, language and time zone. */
function detailsRoute(app: App, kit: PageKit, profilePage: ProfilePageView) {
  return (server: FastifyInstance) => {
    server.get('/profile', async (request, reply) => profilePage(request, reply));

    server.post('/profile', async (request, reply) => {
      const fields = new FormFields(request.body);
      const values = {
        name: fields.get('name'),
        // A form from before handles had none: the handle stays.
        handle: fields.all('handle').length > 0 ? fields.get('handle') : undefined,
        locale: fields.get('locale'),
        timeZone: fields.get('timeZone'),
      };
      authorizeUser(request.auth.actor, 'account.edit');
      if (!kit.csrfOk(request, fields)) {
        return profilePage(request, reply, { values, message: kit.t(request)('error.csrf'), status: 403 });
      }
      try {
        await app.accounts.updateProfile(request.auth.actor, fields.int('version'), values);
        return kit.redirect(reply, '/profile', 'profile.saved');
      } catch (err) {
        if (err instanceof ConflictError) {
          return profilePage(request, reply, {
            values,
            message: kit.t(request)('error.conflict'),
            status: 409,
          });
        }
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return profilePage(request, reply, {
          values,
          errors: problem.errors,
          message: problem.message,
          status: problem.status,
        });
      }
    });
  };
}

/** A new password: every other session ends, and API tokens are revoked. */
function passwordRoute(app: App, kit: PageKit, profilePage: ProfilePageView) {
  return (server: FastifyInstance) => {
    server.post('/profile/password', async (request, reply) => {
      const fields = new FormFields(request.body);
      authorizeUser(request.auth.actor, 'account.edit');
      if (!request.auth.sessionToken) throw new HttpError(401, 'error.signInRequired');
      if (!kit.csrfOk(request, fields))
        return profilePage(request, reply, { message: kit.t(request)('error.csrf'), status: 403 });
      try {
        const { tokensRevoked } = await app.accounts.changePassword(
          request.auth.actor,
          request.auth.sessionToken,
          { currentPassword: fields.get('currentPassword'), newPassword: fields.get('newPassword') },
        );
        return kit.redirect(
          reply,
          '/profile',
          tokensRevoked > 0 ? 'profile.passwordChangedTokensRevoked' : 'profile.passwordChanged',
        );
      } catch (err) {
        retryAfter(reply, err);
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return profilePage(request, reply, {
          errors: problem.errors,
          message: problem.message,
          status: problem.status,
        });
      }
    });
  };
}

/** The reader's API tokens: a new one is shown once, an old one revoked. */
function tokenRoutes(app: App, kit: PageKit, profilePage: ProfilePageView) {
  return (server: FastifyInstance) => {
    server.post(
      '/profile/tokens',
      kit.once(
        async (request, reply) => {
          const fields = new FormFields(request.body);
          authorizeUser(request.auth.actor, 'tokens.manage');
          if (!kit.csrfOk(request, fields))
            return profilePage(request, reply, { message: kit.t(request)('error.csrf'), status: 403 });
          const days = fields.get('expiresInDays').trim();
          try {
            const created = await app.accounts.createApiToken(
              request.auth.actor,
              fields.get('name'),
              /^\d{1,4}$/u.test(days) ? Number(days) : days,
            );
            // Shown on this response only, never stored in clear text.
            return profilePage(request, reply, { newToken: created.token, status: 201 });
          } catch (err) {
            const problem = kit.formProblem(request, err);
            if (!problem) throw err;
            return profilePage(request, reply, problem);
          }
        },
        { shownAt: '/profile' },
      ),
    );

    server.post(
      '/profile/tokens/:id/revoke',
      buttonRoute(kit, {
        action: 'tokens.manage',
        params: TokenParams,
        run: (request, params) => app.accounts.revokeApiToken(request.auth.actor, params.id),
        to: '/profile',
        notice: 'profile.tokenRevoked',
        again: (request, reply, { message, status }) => profilePage(request, reply, { message, status }),
      }),
    );
  };
}

/** The profile page and its forms. */
export function profileRoutes(app: App, kit: PageKit, config: Config) {
  const profilePage = profilePageOf(app, kit, config);
  return (server: FastifyInstance) => {
    detailsRoute(app, kit, profilePage)(server);
    passwordRoute(app, kit, profilePage)(server);
    tokenRoutes(app, kit, profilePage)(server);
  };
}
