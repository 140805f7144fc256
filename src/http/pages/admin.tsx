import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { authorize } from '../../domain/policy.js';
import { signInSetup } from '../../sign-in-config.js';
import type { MessageKey } from '../../web/i18n/index.js';
import { AdminPage } from '../../web/pages/admin.js';
import { invitationLink } from '../api/settings.js';
import { NewAccount, UserAccessForm, UserParams, UserRoleForm } from '../schemas/accounts.js';
import { type FormRoute, formRoute } from './form-route.js';
import { FormFields, type PageKit, type RefusedForm } from './kit.js';

type AdminPageView = ReturnType<typeof adminPageOf>;

/** The admin page, with a refused form's reason or a new invitation link. */
export function adminPageOf(app: App, kit: PageKit, config: Config) {
  return async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: RefusedForm & { values?: { email: string; name: string; role: string }; inviteLink?: string } = {},
  ) => {
    const [users, registration, nominations, remoteImages, passwordOn, holdFirstPosts, page, outbox] =
      await Promise.all([
        app.accounts.listUsers(request.auth.actor),
        app.settings.registrationMode(),
        app.settings.nominationMode(),
        app.settings.remoteImages(),
        app.settings.passwordSignIn(),
        app.settings.holdFirstPosts(),
        app.settings.pageSettings(),
        app.outbox.overview(request.auth.actor),
      ]);
    return kit.render(
      request,
      reply,
      AdminPage,
      {
        users,
        registration,
        nominations,
        remoteImages,
        passwordSignIn: { on: passwordOn, providers: signInSetup(config).providers },
        holdFirstPosts,
        hubName: page.hubName,
        outbox,
        errors: extra.errors ?? {},
        message: extra.message ?? null,
        values: extra.values ?? { email: '', name: '', role: 'member' },
        inviteLink: extra.inviteLink,
      },
      extra.status ?? 200,
    );
  };
}

/** The forms about accounts: a new one, a role, disabling and enabling. */
function accountRoutes(app: App, kit: PageKit, page: AdminPageView) {
  return (server: FastifyInstance) => {
    server.post(
      '/admin/users',
      kit.once(
        formRoute(kit, {
          action: 'users.create',
          params: Type.Object({}),
          body: NewAccount,
          run: async (request, reply, { body }) => {
            await app.accounts.createUser(request.auth.actor, body);
            return kit.redirect(reply, '/admin', 'admin.userCreated');
          },
          // What was typed comes back, except the password.
          again: (
            request,
            reply,
            { values: { email = '', name = '', role = '' }, errors, message, status },
          ) => page(request, reply, { values: { email, name, role }, errors, message, status }),
        }),
      ),
    );

    /** The admin page's forms about one account come back to it, with the reason when refused. */
    const again: FormRoute<typeof UserParams, TObject>['again'] = (
      request,
      reply,
      { errors, message, status },
    ) => page(request, reply, { errors, message, status });

    server.post(
      '/admin/users/:id/role',
      formRoute(kit, {
        action: 'users.changeRole',
        params: UserParams,
        body: UserRoleForm,
        run: async (request, reply, { params, body }) => {
          await app.accounts.changeRole(request.auth.actor, params.id, body.version, body.role);
          return kit.redirect(reply, '/admin', 'admin.roleChanged');
        },
        again,
      }),
    );

    server.post(
      '/admin/users/:id/disabled',
      formRoute(kit, {
        action: 'users.disable',
        params: UserParams,
        body: UserAccessForm,
        run: async (request, reply, { params, body }) => {
          await app.accounts.updateUser(request.auth.actor, params.id, body.version, {
            disabled: body.disabled,
          });
          return kit.redirect(reply, '/admin', body.disabled ? 'admin.userDisabled' : 'admin.userEnabled');
        },
        again: (request, reply, { errors, message, status }) =>
          page(request, reply, { errors, message, status }),
      }),
    );
  };
}

type AdminWork = (request: FastifyRequest, reply: FastifyReply, fields: FormFields) => Promise<FastifyReply>;

/** A form of the admin page: rights and CSRF checked alike, a refusal shows the page again saying why. */
function adminFormOf(kit: PageKit, page: AdminPageView) {
  return (work: AdminWork) => async (request: FastifyRequest, reply: FastifyReply) => {
    const fields = new FormFields(request.body);
    authorize(request.auth.actor, 'settings.edit');
    if (!kit.csrfOk(request, fields))
      return page(request, reply, { message: kit.t(request)('error.csrf'), status: 403 });
    try {
      return await work(request, reply, fields);
    } catch (err) {
      const problem = kit.formProblem(request, err);
      if (!problem) throw err;
      return page(request, reply, problem);
    }
  };
}

/** A ticked box sends its value, an unticked one nothing. */
const ticked = (fields: FormFields, name: string) =>
  fields.all(name).length > 0 ? fields.get(name) : undefined;

/** The admin's switches: nominations, remote images, password sign-in, registration. */
function settingRoutes(app: App, kit: PageKit, config: Config, page: AdminPageView) {
  const adminForm = adminFormOf(kit, page);
  /** A form that changes one setting and comes back to the admin page. */
  const settingForm = (
    work: (request: FastifyRequest, fields: FormFields) => Promise<void>,
    notice: MessageKey,
  ) =>
    adminForm(async (request, reply, fields) => {
      await work(request, fields);
      return kit.redirect(reply, '/admin', notice);
    });
  return (server: FastifyInstance) => {
    server.post(
      '/admin/nominations',
      settingForm(
        (request, fields) => app.settings.setNominationMode(request.auth.actor, fields.get('nominations')),
        'admin.nominationsSaved',
      ),
    );
    server.post(
      '/admin/images',
      settingForm(
        (request, fields) => app.settings.setRemoteImages(request.auth.actor, ticked(fields, 'remoteImages')),
        'admin.imagesSaved',
      ),
    );
    server.post(
      '/admin/passwords',
      settingForm(
        (request, fields) =>
          app.settings.setPasswordSignIn(
            request.auth.actor,
            ticked(fields, 'passwordSignIn'),
            signInSetup(config),
          ),
        'admin.passwordsSaved',
      ),
    );
    server.post(
      '/admin/name',
      settingForm(
        (request, fields) => app.settings.setHubName(request.auth.actor, fields.get('hubName') ?? ''),
        'admin.nameSaved',
      ),
    );
    server.post(
      '/admin/moderation',
      settingForm(
        (request, fields) => app.settings.setHoldFirstPosts(request.auth.actor, fields.get('holdFirstPosts')),
        'admin.moderationSaved',
      ),
    );
    server.post(
      '/admin/registration',
      settingForm(
        (request, fields) => app.settings.setRegistrationMode(request.auth.actor, fields.get('registration')),
        'admin.registrationSaved',
      ),
    );
  };
}

/** Invitation links, shown once on the admin page. */
function invitationRoutes(app: App, kit: PageKit, config: Config, page: AdminPageView) {
  const adminForm = adminFormOf(kit, page);
  return (server: FastifyInstance) => {
    server.post(
      '/admin/invitations',
      kit.once(
        adminForm(async (request, reply, fields) => {
          const { token } = await app.accounts.createInvitation(request.auth.actor, fields.get('role'));
          return page(request, reply, { inviteLink: invitationLink(config, token), status: 201 });
        }),
        { shownAt: '/admin' },
      ),
    );
  };
}

export function adminPageRoutes(app: App, kit: PageKit, config: Config) {
  const page = adminPageOf(app, kit, config);
  return async (server: FastifyInstance) => {
    server.get('/admin', async (request, reply) => page(request, reply));
    accountRoutes(app, kit, page)(server);
    settingRoutes(app, kit, config, page)(server);
    invitationRoutes(app, kit, config, page)(server);
  };
}
