import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { User } from '../../app/accounts.js';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { ForbiddenError } from '../../domain/errors.js';
import type { FieldErrors } from '../../web/components/form.js';
import { HomePage, SetupPage } from '../../web/pages/home.js';
import { IdeaFormPage } from '../../web/pages/idea-form.js';
import { RegisterPage, SignInPage } from '../../web/pages/sign-in.js';
import { HttpError } from '../problem.js';
import { clientOf, limitPerClient } from '../rate-limit.js';
import { clearSessionCookie, setSessionCookie } from '../session.js';
import { draftFromJson } from './ideas.js';
import { FormFields, type PageKit, retryAfter, safeNext } from './kit.js';
import { profileRoutes } from './profile.js';
import { passwordSignInOpen, providerLinks } from './sign-in-external.js';

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
export type Shown = { errors: FieldErrors; message: string | null; status: number };
export const fresh = (): Shown => ({ errors: {}, message: null, status: 200 });

export const csrfRefused = (kit: PageKit, request: FastifyRequest): Shown => ({
  errors: {},
  message: kit.t(request)('error.csrf'),
  status: 403,
});

/** The home page, or the first administrator's setup form while there is none. */
function homeRoutes(app: App, kit: PageKit, config: Config) {
  return (server: FastifyInstance) => {
    server.get('/', async (request, reply) => {
      const ctx = kit.ctx(request, reply);
      if (await app.accounts.needsSetup()) {
        return kit.send(
          reply,
          <SetupPage ctx={ctx} values={{ email: '', name: '' }} errors={{}} message={null} />,
        );
      }
      const actor = request.auth.actor;
      const [recent, meetings, firstRun, groupMeetings] = await Promise.all([
        app.ideas.recentlyChanged(8),
        app.meetings.overview(1),
        app.firstRun.steps(actor),
        // Visitors see every group's next meeting; a member those of the groups they follow or belong to.
        actor.kind === 'user'
          ? app.groups.idsFollowedOrMember(actor.userId).then((ids) => app.groups.nextMeetings(ids))
          : app.groups.nextMeetings(),
      ]);
      return kit.send(
        reply,
        <HomePage
          ctx={ctx}
          recent={recent}
          meetings={meetings}
          firstRun={firstRun}
          groupMeetings={groupMeetings}
        />,
      );
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
  };
}

function signInPageOf(app: App, kit: PageKit, config: Config) {
  return async (
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
        password: await passwordSignInOpen(app, config),
      },
      status,
    );
}

/** Signing in (back to a proposal typed before, when there was one) and out. */
function signInRoutes(app: App, kit: PageKit, config: Config) {
  const signInPage = signInPageOf(app, kit, config);
  return (server: FastifyInstance) => {
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
      if (!kit.csrfOk(request, fields)) return signInPage(request, reply, input, csrfRefused(kit, request));
      if (!(await passwordSignInOpen(app, config))) {
        const message = kit.t(request)('signIn.passwordOff');
        return signInPage(request, reply, input, { errors: {}, message, status: 403 });
      }
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
  };
}

function registerPageOf(app: App, kit: PageKit, config: Config) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { email: string; name: string },
    invite: string,
    next: string,
    { errors, message, status }: Shown = fresh(),
  ) => {
    // Registering means choosing a password: with password sign-in off, accounts come from the providers.
    if (!(await passwordSignInOpen(app, config))) {
      return kit.errorPage(request, reply, new HttpError(403, 'signIn.passwordOffRegister'));
    }
    const inviteOnly = (await app.settings.registrationMode()) === 'invite';
    return kit.render(
      request,
      reply,
      RegisterPage,
      { values, invite, inviteOnly, next, errors, message },
      status,
    );
  };
}

/** Registering an account, as the admin's setting allows (open, or by invitation). */
function registerRoutes(app: App, kit: PageKit, config: Config) {
  const registerPage = registerPageOf(app, kit, config);
  return (server: FastifyInstance) => {
    const registrations = limitPerClient(server, app.limits, 'registrationsPerClient');
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
          return registerPage(request, reply, values, invite, next, csrfRefused(kit, request));
        }
        if (!(await passwordSignInOpen(app, config))) {
          return kit.errorPage(request, reply, new HttpError(403, 'signIn.passwordOffRegister'));
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
  };
}

export function accountPageRoutes(app: App, kit: PageKit, config: Config) {
  return async (server: FastifyInstance) => {
    homeRoutes(app, kit, config)(server);
    signInRoutes(app, kit, config)(server);
    registerRoutes(app, kit, config)(server);
    profileRoutes(app, kit, config)(server);
  };
}
