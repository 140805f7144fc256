import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { sendExport } from '../api/own-data.js';
import { UserParams } from '../schemas/accounts.js';
import { AccountDeletion } from '../schemas/own-data.js';
import { clearSessionCookie } from '../session.js';
import { adminPageOf } from './admin.js';
import { formRoute } from './form-route.js';
import type { PageKit } from './kit.js';
import { profilePageOf } from './profile.js';

/**
 * One's own data on the profile page (its download and the danger zone), and any account's on
 * the admin page: the same use-cases as `GET /api/v1/me/export`, `DELETE /api/v1/me` and their
 * admin twins under `/api/v1/users/:id`.
 */
export function ownDataPageRoutes(app: App, kit: PageKit, config: Config) {
  const profilePage = profilePageOf(app, kit, config);
  const adminPage = adminPageOf(app, kit, config);
  return async (server: FastifyInstance) => {
    server.get('/profile/export', async (request, reply) =>
      sendExport(reply, await app.ownData.exportOwnData(request.auth.actor, request.method !== 'HEAD')),
    );

    server.get<{ Params: { id: string } }>('/admin/users/:id/export', async (request, reply) =>
      sendExport(
        reply,
        await app.ownData.exportUserData(request.auth.actor, request.params.id, request.method !== 'HEAD'),
      ),
    );

    server.post(
      '/profile/delete',
      formRoute(kit, {
        action: 'account.delete',
        params: Type.Object({}),
        body: AccountDeletion,
        run: async (request, reply, { body }) => {
          await app.ownData.deleteOwnAccount(request.auth.actor, body);
          // The session went with the account; the browser forgets its cookie too.
          clearSessionCookie(reply, config);
          return kit.redirect(reply, '/', 'ownData.deleted');
        },
        again: (request, reply, { errors, message, status }) =>
          profilePage(request, reply, { errors, message, status }),
      }),
    );

    server.post(
      '/admin/users/:id/delete',
      formRoute(kit, {
        action: 'users.delete',
        params: UserParams,
        body: AccountDeletion,
        run: async (request, reply, { params, body }) => {
          await app.ownData.deleteUser(request.auth.actor, params.id, body);
          return kit.redirect(reply, '/admin', 'ownData.userDeleted');
        },
        again: (request, reply, { errors, message, status }) =>
          adminPage(request, reply, { errors, message, status }),
      }),
    );
  };
}
