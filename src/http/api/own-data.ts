import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { OwnDataExport } from '../../app/own-data.js';
import { UserParams } from '../schemas/accounts.js';
import { AccountDeletion, OwnDataSchema } from '../schemas/own-data.js';
import { noContentRoute } from './route-kinds.js';
import { BEARER, Problem, WriteProblems } from './schemas.js';

const security = BEARER;
const EXPORT_DESCRIPTION =
  'A JSON file to save (Content-Disposition: attachment, `plenum-<name>-<date>.json`) holding everything the hub keeps about the account, and never a secret: no password hash, no session id, no token or its hash. Each export leaves an audit entry.';
const DELETE_DESCRIPTION =
  'Sessions, API tokens, sign-ins through other sites, reset links and invitations to the address end at once. Ideas and topics stay, shown as by a former member (with `removeTexts`, descriptions written by the person alone are replaced by a note); minutes keep the number of attendees without the name. The last admin who can sign in cannot be deleted (422).';

/** Sends an export as a file to save, written out as it is (the schema documents its sections). */
export function sendExport(reply: FastifyReply, file: OwnDataExport): FastifyReply {
  return reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .send(JSON.stringify(file.data, null, 2));
}

/** Downloading and deleting one's own data, and (for admins) anyone's. */
export function ownDataApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/me/export',
      {
        schema: {
          tags: ['accounts'],
          security,
          summary: 'Download everything the hub holds about oneself',
          description: EXPORT_DESCRIPTION,
          response: { 200: OwnDataSchema, 401: Problem, 403: Problem },
        },
      },
      async (request, reply) =>
        sendExport(reply, await app.ownData.exportOwnData(request.auth.actor, request.method !== 'HEAD')),
    );

    noContentRoute(
      server,
      {
        method: 'DELETE',
        url: '/me',
        schema: {
          tags: ['accounts'],
          security,
          summary: 'Delete one’s own account',
          description: `Send \`currentPassword\`, or, for an account without a password, \`confirmEmail\` (wrong current passwords are limited per account, 429). ${DELETE_DESCRIPTION}`,
          body: AccountDeletion,
          response: { 204: Type.Null(), ...WriteProblems, 429: Problem },
        },
      },
      (request) => app.ownData.deleteOwnAccount(request.auth.actor, request.body),
    );

    server.get(
      '/users/:id/export',
      {
        schema: {
          tags: ['users'],
          security,
          summary: 'Download everything the hub holds about an account (admins)',
          description: EXPORT_DESCRIPTION,
          params: UserParams,
          response: { 200: OwnDataSchema, 401: Problem, 403: Problem, 404: Problem },
        },
      },
      async (request, reply) =>
        sendExport(
          reply,
          await app.ownData.exportUserData(request.auth.actor, request.params.id, request.method !== 'HEAD'),
        ),
    );

    noContentRoute(
      server,
      {
        method: 'DELETE',
        url: '/users/:id',
        schema: {
          tags: ['users'],
          security,
          summary: 'Delete an account (admins)',
          description: `The body is optional: \`confirmEmail\`, when sent, must be the account’s address; one’s own account needs \`currentPassword\` as on DELETE /me. ${DELETE_DESCRIPTION}`,
          params: UserParams,
          body: AccountDeletion,
          response: { 204: Type.Null(), ...WriteProblems, 429: Problem },
        },
        // A DELETE without a body asks for nothing more than the deletion.
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      (request) => app.ownData.deleteUser(request.auth.actor, request.params.id, request.body),
    );
  };
}
