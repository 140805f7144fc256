import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { User } from '../../app/accounts.js';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ConflictError, ForbiddenError, RateLimitError } from '../../domain/errors.js';
import { authorizeUser } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import { HomePage, SetupPage } from '../../web/pages/home.js';
import { IdeaFormPage } from '../../web/pages/idea-form.js';
import { ProfilePage } from '../../web/pages/profile.js';
import { RegisterPage, SignInPage } from '../../web/pages/sign-in.js';
import { HttpError } from '../problem.js';
import { clientOf, limitPerClient } from '../rate-limit.js';
import { TokenParams } from '../schemas/accounts.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';
import { formRoute } from './form-route.js';
import { draftFromJson } from './ideas.js';
import { FormFields, type PageKit, safeNext } from './kit.js';
import { providerLinks } from './sign-in-external.js';

/** After sign-in the request acts as the new session, so the next page's forms carry valid tokens. */
function actAs(request: FastifyRequest, user: User, sessionToken: string): void {
  request.auth = {
    actor: { kind: 'user', userId: user.id, role: user.role, name: user.name },
    user,
    via: 'session',
    sessionToken,
  };
  if (user.locale) request.locale = user.locale;
}

/** How a form is shown: afresh, or again with why it was refused. */
type Shown = { errors: FieldErrors; message: string | null; status: number };
const fresh = (): Shown => ({ errors: {}, message: null, status: 200 });

export function accountPageRoutes(app: App, kit: PageKit, config: Config) {
  const csrfRefused = (request: FastifyRequest): Shown => ({
    errors: {},
    message: kit.t(request)('error.csrf'),
    status: 403,
  });
  return async (server: FastifyInstance) => {
    const registrations = limitPerClient(server, app.limits, 'registrationsPerClient');
    /** A 429 page tells the browser when to come back, as the problem document does. */
    const retryAfter = (reply: FastifyReply, err: unknown) => {
      if (err instanceof RateLimitError) reply.header('retry-after', String(err.retryAfterSeconds));
    };

    server.get('/', async (request, reply) => {
      const ctx = kit.ctx(request, reply);
      if (await app.accounts.needsSetup()) {
        return kit.send(
          reply,
          <SetupPage ctx={ctx} values={{ email: '', name: '' }} errors={{}} message={null} />,
        );
      }
      const [recent, meetings] = await Promise.all([app.ideas.recentlyChanged(8), app.meetings.overview(1)]);
      return kit.send(reply, <HomePage ctx={ctx} recent={recent} meetings={meetings} />);
    });

    server.post('/setup', async (request, reply) => {
      const fields = new FormFields(request.body);
      const values = { email: fields.get('email'), name: fields.get('name') };
      const again = (message: string, errors: FieldErrors = {}, status = 422) =>
        kit.render(request, reply, SetupPage, { values, errors, message }, status);
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        const { sessionToken } = await app.accounts.setupAdmin({
          ...values,
          password: fields.get('password'),
        });
        setSessionCookie(reply, config, sessionToken);
        return kit.redirect(reply, '/admin', 'setup.done');
      } catch (err) {
        if (err instanceof ForbiddenError) return kit.redirect(reply, '/login');
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    const signInPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      input: { email: string; next: string; draft: string },
      { errors, message, status }: Shown = fresh(),
    ) =>
      kit.render(
        request,
        reply,
        SignInPage,
        {
          ...input,
          errors,
          message,
          canRegister: (await app.settings.registrationMode()) === 'open',
          providers: providerLinks(config),
        },
        status,
      );

    server.get('/login', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const next = safeNext(typeof query.next === 'string' ? query.next : '', '/');
      return signInPage(request, reply, { email: '', next, draft: '' });
    });

    server.post('/login', async (request, reply) => {
      const fields = new FormFields(request.body);
      const input = {
        email: fields.get('email'),
        next: safeNext(fields.get('next'), '/'),
        draft: fields.get('draft'),
      };
      if (!kit.csrfOk(request, fields)) return signInPage(request, reply, input, csrfRefused(request));
      try {
        const { user, sessionToken } = await app.accounts.signIn(
          { email: input.email, password: fields.get('password') },
          clientOf(request),
        );
        setSessionCookie(reply, config, sessionToken);
        const draft = input.draft ? draftFromJson(input.draft) : null;
        if (draft) {
          // Back to the proposal typed before signing in, filled in and ready to send.
          actAs(request, user, sessionToken);
          const ctx = kit.ctx(request, reply);
          return kit.send(
            reply,
            <IdeaFormPage
              ctx={{ ...ctx, notice: ctx.t('login.signedIn', { name: user.name }) }}
              mode="new"
              values={draft}
              errors={{}}
              message={null}
            />,
          );
        }
        return kit.redirect(reply, input.next, 'login.signedIn');
      } catch (err) {
        retryAfter(reply, err);
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return signInPage(request, reply, input, problem);
      }
    });

    server.post('/logout', async (request, reply) => {
      const fields = new FormFields(request.body);
      // Signing out is harmless, but a forged sign-out is still a nuisance worth refusing: the
      // page comes back with a fresh sign-out button and the session stays.
      if (request.auth.sessionToken) {
        if (!kit.csrfOk(request, fields))
          return kit.errorPage(request, reply, new HttpError(403, 'error.csrf'));
        await app.accounts.signOut(request.auth.sessionToken);
      }
      clearSessionCookie(reply, config);
      return kit.redirect(reply, '/', 'login.signedOut');
    });

    const registerPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      values: { email: string; name: string },
      invite: string,
      next: string,
      { errors, message, status }: Shown = fresh(),
    ) => {
      const inviteOnly = (await app.settings.registrationMode()) === 'invite';
      return kit.render(
        request,
        reply,
        RegisterPage,
        { values, invite, inviteOnly, next, errors, message },
        status,
      );
    };

    server.get('/register', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const invite = typeof query.invite === 'string' ? query.invite.slice(0, 200) : '';
      const next = safeNext(typeof query.next === 'string' ? query.next : '', '/');
      return registerPage(request, reply, { email: '', name: '' }, invite, next);
    });

    server.post(
      '/register',
      kit.once(async (request, reply) => {
        const fields = new FormFields(request.body);
        const values = { email: fields.get('email'), name: fields.get('name') };
        const invite = fields.get('invite');
        const next = safeNext(fields.get('next'), '/');
        if (!kit.csrfOk(request, fields)) {
          return registerPage(request, reply, values, invite, next, csrfRefused(request));
        }
        try {
          // Counted once the form is known to come from our page: only then is a password hashed.
          await registrations(request);
          const mode = await app.settings.registrationMode();
          await app.accounts.register({ ...values, password: fields.get('password'), invite }, mode, {
            mail: config.smtpUrl !== undefined,
            locale: request.locale,
          });
          // The same answer whether the address was new or had an account (then its owner gets a
          // mail): signing in follows, with the password just chosen.
          return kit.redirect(reply, `/login?${new URLSearchParams({ next })}`, 'register.done');
        } catch (err) {
          retryAfter(reply, err);
          const problem = kit.formProblem(request, err);
          if (!problem) throw err;
          return registerPage(request, reply, values, invite, next, problem);
        }
      }),
    );

    const profilePage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      extra: {
        errors?: FieldErrors;
        message?: string | null;
        newToken?: string;
        values?: { name: string; locale: string; timeZone: string };
        status?: number;
      } = {},
    ) => {
      authorizeUser(request.auth.actor, 'account.edit');
      const user = request.auth.user;
      if (!user) throw new HttpError(401, 'error.signInRequired');
      const fresh = (await app.accounts.findUserByEmail(user.email)) ?? user;
      const tokens = await app.accounts.listApiTokens(request.auth.actor);
      const linked = await app.identities.listIdentities(request.auth.actor);
      return kit.render(
        request,
        reply,
        ProfilePage,
        {
          user: fresh,
          tokens,
          identities: { ...linked, providers: providerLinks(config) },
          newToken: extra.newToken,
          errors: extra.errors ?? {},
          message: extra.message ?? null,
          values: extra.values,
        },
        extra.status ?? 200,
      );
    };

    server.get('/profile', async (request, reply) => profilePage(request, reply));

    server.post('/profile', async (request, reply) => {
      const fields = new FormFields(request.body);
      const values = {
        name: fields.get('name'),
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
      formRoute(kit, {
        action: 'tokens.manage',
        params: TokenParams,
        body: Type.Object({}),
        run: async (request, reply, { params }) => {
          await app.accounts.revokeApiToken(request.auth.actor, params.id);
          return kit.redirect(reply, '/profile', 'profile.tokenRevoked');
        },
        again: (request, reply, { message, status }) => profilePage(request, reply, { message, status }),
      }),
    );
  };
}
