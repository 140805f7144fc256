import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { signInSetup } from '../../sign-in-config.js';
import {
  BacklogTextsChange,
  BacklogTextsSchema,
  InvitationRequest,
  SettingsChange,
  SettingsSchema,
} from '../schemas/settings.js';
import { sendUpdate } from './if-match.js';
import { type ApiServer, BEARER, ifMatchUpdate, Problem, WriteProblems } from './schemas.js';

const security = BEARER;
const etag = (version: number) => `"${version}"`;

/** `GET` and `PATCH /settings` (admins). */
function registerHubSettings(server: ApiServer, app: App, config: Config): void {
  server.get(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        security,
        summary: 'The admin page’s settings (admins)',
        response: { 200: SettingsSchema, 401: Problem, 403: Problem },
      },
    },
    async (request, reply) => {
      const settings = await app.settings.hubSettings(request.auth.actor);
      return reply.header('etag', etag(settings.version)).send(settings);
    },
  );

  server.patch(
    '/settings',
    {
      schema: ifMatchUpdate(
        {
          tags: ['settings'],
          summary: 'Change registration, nominations, remote images, password sign-in or held posts (admins)',
          description:
            'Absent fields stay. Send the ETag of GET /settings as If-Match. passwordSignIn may go false only while a sign-in provider is set up and the admin sending it has linked one (422 otherwise); reset links still let admins in.',
          body: SettingsChange,
        },
        SettingsSchema,
      ),
    },
    async (request, reply) => {
      const { actor } = request.auth;
      return sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.settings.hubSettings(actor),
        (version) => app.settings.updateSettings(actor, version, request.body, signInSetup(config)),
        (settings) => settings,
      );
    },
  );
}

/** `GET` and `PUT /backlog/texts`. */
function registerBacklogTexts(server: ApiServer, app: App): void {
  server.get(
    '/backlog/texts',
    {
      schema: {
        tags: ['backlog'],
        summary: 'The texts above the backlog, per language',
        description: 'null: the backlog shows its default text in that language.',
        response: { 200: BacklogTextsSchema },
      },
    },
    async (_request, reply) => {
      const texts = await app.settings.backlogTexts();
      return reply.header('etag', etag(texts.version)).header('cache-control', 'no-cache').send(texts);
    },
  );

  server.put(
    '/backlog/texts',
    {
      schema: ifMatchUpdate(
        {
          tags: ['backlog'],
          summary: 'Replace the texts above the backlog (maintainers)',
          description:
            'Both texts in both languages; an empty text or null falls back to the default. Send the ETag of GET /backlog/texts as If-Match.',
          body: BacklogTextsChange,
        },
        BacklogTextsSchema,
      ),
    },
    async (request, reply) => {
      const { intro, disclaimer } = request.body;
      return sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.settings.backlogTexts(),
        (version) =>
          app.settings.setBacklogTexts(request.auth.actor, version, {
            'intro.en': intro.en,
            'intro.de': intro.de,
            'disclaimer.en': disclaimer.en,
            'disclaimer.de': disclaimer.de,
          }),
        (texts) => texts,
      );
    },
  );
}

/** `POST /invitations` (admins). */
function registerInvitations(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/invitations',
    {
      schema: {
        tags: ['users'],
        security,
        summary: 'Make an invitation link to register (admins)',
        description:
          'The link is shown once and works for 14 days, for one registration with the role given.',
        body: InvitationRequest,
        response: {
          201: Type.Object({
            link: Type.String({ format: 'uri' }),
            role: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...WriteProblems,
        },
      },
    },
    async (request, reply) => {
      const { token, role, expiresAt } = await app.accounts.createInvitation(
        request.auth.actor,
        request.body.role,
      );
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({ link: invitationLink(config, token), role, expiresAt });
    },
  );
}

/** The hub's settings in the JSON API: the admin's switches, the backlog's texts, invitation links. */
const OutboxKindSchema = Type.Object({
  kind: Type.String({ description: 'mail, webhook (also chat posts) or decision.finalize' }),
  pending: Type.Integer({ minimum: 0, description: 'jobs waiting (including those waiting for a retry)' }),
  failed: Type.Integer({
    minimum: 0,
    description: 'jobs given up after every retry, kept with their last error',
  }),
  oldestAgeSeconds: Type.Number({
    minimum: 0,
    description: 'age of the oldest waiting job; 0 when none waits',
  }),
});

/** Whether mail, webhooks and decisions keep up: the outbox per kind (admins). */
function registerOutbox(server: ApiServer, app: App): void {
  server.get(
    '/outbox',
    {
      schema: {
        tags: ['settings'],
        security: BEARER,
        summary: 'The outbox per kind of job: waiting, given up, the oldest waiting one’s age (admins)',
        response: {
          200: Type.Object({ items: Type.Array(OutboxKindSchema), nextCursor: Type.Null() }),
          401: Problem,
          403: Problem,
        },
      },
    },
    async (request) => ({ items: await app.outbox.overview(request.auth.actor), nextCursor: null }),
  );
}

export function settingsApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerHubSettings(server, app, config);
    registerOutbox(server, app);
    registerBacklogTexts(server, app);
    registerInvitations(server, app, config);
  };
}

/** The page a new person registers on with an invitation. */
export function invitationLink(config: Config, token: string): string {
  return new URL(`register?invite=${encodeURIComponent(token)}`, config.baseUrl).toString();
}
