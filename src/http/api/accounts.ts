import { Type } from 'typebox';
import type { User } from '../../app/accounts.js';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import {
  MeSchema,
  NewAccount,
  PasswordChange,
  ProfileChange,
  TokenParams,
  TokenRequest,
  TokenSchema,
  UserChange,
  UserParams,
  UserSchema,
} from '../schemas/accounts.js';
import { PageQuery, pageOf } from '../schemas/paging.js';
import { created, sendUpdate } from './if-match.js';
import { apiPart, noContentRoute } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, ifMatchUpdate, Problem, WriteProblems } from './schemas.js';

const security = BEARER;
const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

const etagOf = (value: { version: number }) => `"${value.version}"`;

function presentUser(user: User) {
  const { id, name, email, role, version } = user;
  return { id, name, email, role, disabled: user.disabledAt !== null, created: user.createdAt, version };
}

function presentMe(user: User & { emailVerified: boolean }) {
  const { id, email, name, handle, role, locale, timeZone, emailVerified, version } = user;
  return { id, email, name, handle, role, locale, timeZone, emailVerified, version };
}

/** `GET` and `PATCH /me`: one's own profile. */
function registerMe(server: ApiServer, app: App): void {
  server.get(
    '/me',
    {
      schema: {
        tags: ['accounts'],
        security,
        summary: 'The account this request acts as',
        response: { 200: MeSchema, 401: Problem },
      },
    },
    async (request, reply) => {
      const me = await app.accounts.me(request.auth.actor);
      return reply.header('etag', etagOf(me)).send(presentMe(me));
    },
  );

  server.patch(
    '/me',
    {
      schema: ifMatchUpdate(
        {
          tags: ['accounts'],
          summary: 'Change one’s name, handle, language or time zone',
          description:
            'The profile form’s fields; absent ones stay. An empty or null locale or time zone means “as the browser says”. Send the ETag of GET /me as If-Match.',
          body: ProfileChange,
        },
        MeSchema,
      ),
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { name, handle, locale, timeZone } = request.body;
      return sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.accounts.me(actor),
        async (version) => {
          const current = await app.accounts.me(actor);
          const saved = await app.accounts.updateProfile(actor, version, {
            name: name ?? current.name,
            ...(handle === undefined ? {} : { handle }),
            locale: locale === undefined ? (current.locale ?? '') : (locale ?? ''),
            timeZone: timeZone === undefined ? (current.timeZone ?? '') : (timeZone ?? ''),
          });
          return { ...saved, emailVerified: current.emailVerified };
        },
        presentMe,
      );
    },
  );
}

/** `POST /me/password`. */
function registerPasswordChange(server: ApiServer, app: App): void {
  server.post(
    '/me/password',
    {
      schema: {
        tags: ['accounts'],
        security,
        summary: 'Set a new password',
        description:
          'As on the profile page: wrong current passwords are limited per account (429), the account’s other sessions end and all its API tokens are revoked, the one sending this request too. The answer says how many tokens were revoked.',
        body: PasswordChange,
        response: {
          200: Type.Object({ tokensRevoked: Type.Integer({ minimum: 0 }) }),
          ...WriteProblems,
          429: Problem,
        },
      },
    },
    async (request) =>
      app.accounts.changePassword(request.auth.actor, request.auth.sessionToken ?? null, request.body),
  );
}

/** One's own API tokens: listed, made, revoked. */
function registerTokens(server: ApiServer, app: App, config: Config): void {
  server.get(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        security,
        summary: 'One’s own live API tokens, newest first',
        description: 'Never a token’s secret: that is shown once, when it is made.',
        querystring: PageQuery,
        response: { 200: listOf(TokenSchema), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => app.accounts.apiTokenPage(request.auth.actor, pageOf(request.query)),
  );

  server.post(
    '/tokens',
    {
      schema: {
        tags: ['tokens'],
        security,
        summary: 'Make a personal API token',
        description: 'The answer holds the secret (`token`), once; only its hash is kept.',
        body: TokenRequest,
        response: {
          201: Type.Intersect([TokenSchema, Type.Object({ token: Type.String() })]),
          ...WriteProblems,
        },
      },
    },
    async (request, reply) => {
      const { name, expiresInDays } = request.body;
      const created = await app.accounts.createApiToken(request.auth.actor, name, expiresInDays);
      return reply
        .code(201)
        .header('location', `${config.basePath}/api/v1/tokens/${created.id}`)
        .header('cache-control', 'no-store')
        .send(created);
    },
  );

  noContentRoute(
    server,
    {
      method: 'DELETE',
      url: '/tokens/:id',
      schema: {
        tags: ['tokens'],
        security,
        summary: 'Revoke one of one’s API tokens',
        description: 'Someone else’s token is answered as one that does not exist (404).',
        params: TokenParams,
        response: { 204: Type.Null(), 401: Problem, 403: Problem, 404: Problem },
      },
    },
    (request) => app.accounts.revokeApiToken(request.auth.actor, request.params.id),
  );
}

/** `GET` and `POST /users` (admins). */
function registerUserList(server: ApiServer, app: App, config: Config): void {
  server.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        security,
        summary: 'Every account, in the order they were made (admins)',
        querystring: PageQuery,
        response: { 200: listOf(UserSchema), 400: Problem, 401: Problem, 403: Problem },
      },
    },
    async (request) => {
      const page = await app.accounts.userPage(request.auth.actor, pageOf(request.query));
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    },
  );

  server.post(
    '/users',
    {
      schema: bearerWrite(
        {
          tags: ['users'],
          summary: 'Make an account (admins)',
          description:
            'The account may sign in at once with the password given; an address that has an account already is refused (400).',
          body: NewAccount,
        },
        { 201: UserSchema },
      ),
    },
    async (request, reply) => {
      const user = await app.accounts.createUser(request.auth.actor, request.body);
      return created(reply, `${config.basePath}/api/v1/users/${user.id}`, user.version, presentUser(user));
    },
  );
}

/** `GET` and `PATCH /users/:id` (admins). */
function registerUser(server: ApiServer, app: App): void {
  server.get(
    '/users/:id',
    {
      schema: {
        tags: ['users'],
        security,
        summary: 'One account (admins)',
        params: UserParams,
        response: { 200: UserSchema, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const user = await app.accounts.findUserById(request.auth.actor, request.params.id);
      return reply.header('etag', `"${user.version}"`).send(presentUser(user));
    },
  );

  server.patch(
    '/users/:id',
    {
      schema: ifMatchUpdate(
        {
          tags: ['users'],
          summary: 'Change an account’s role, or disable or enable it (admins)',
          description:
            'A disabled account keeps what it wrote but cannot sign in; its sessions end and its API tokens are revoked at once. The last admin who can sign in cannot be demoted or disabled, and nobody disables their own account (400). Send the account’s version as If-Match.',
          params: UserParams,
          body: UserChange,
        },
        UserSchema,
      ),
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { id } = request.params;
      return sendUpdate(
        reply,
        request.headers['if-match'],
        () => app.accounts.findUserById(actor, id),
        (version) => app.accounts.updateUser(actor, id, version, request.body),
        presentUser,
      );
    },
  );
}

/** Accounts in the JSON API: one's own, its tokens, and (for admins) everyone's. */
export const accountApiRoutes = apiPart(
  registerMe,
  registerPasswordChange,
  registerTokens,
  registerUserList,
  registerUser,
);
