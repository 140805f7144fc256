import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub, startHub } from './support/hub.js';
import { serverRoutes } from './support/routes.js';

/**
 * Every page route that changes something has an API twin: the same action, the same policy,
 * reachable with a token. A new form without its operation fails here; so does a twin that
 * names an operation the OpenAPI description does not have.
 */

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
}
interface OpenApi {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
}

type Twin = string | { none: string };

/** Page route → the operation(s) that do the same through `/api/v1`. */
const TWINS: Record<string, Twin> = {
  // Ideas and the backlog
  'POST /ideas': 'POST /api/v1/ideas',
  'POST /ideas/:slug/edit': 'PATCH /api/v1/ideas/:id',
  'POST /ideas/:slug/status': 'POST /api/v1/ideas/:id/status',
  'POST /ideas/:slug/nominate': 'POST /api/v1/ideas/:id/nominations',
  'POST /proposals/:number/nominate': 'POST /api/v1/proposals/:number/nominations',
  'POST /backlog/texts': 'PUT /api/v1/backlog/texts',
  'POST /roadmap/:idea': 'PUT /api/v1/ideas/:id/horizon',
  // Enhancement proposals
  'POST /proposals': 'POST /api/v1/proposals',
  'POST /proposals/:number/edit': 'PATCH /api/v1/proposals/:number',
  'POST /proposals/:number/state': 'POST /api/v1/proposals/:number/state',
  // Groups
  'POST /groups': 'POST /api/v1/groups',
  'POST /groups/:slug/edit': 'PATCH /api/v1/groups/:slug',
  'POST /boards': 'POST /api/v1/boards',
  'POST /boards/:id/edit': 'PATCH /api/v1/boards/:id',
  // Interest and following: the form's yes is the PUT, its no the DELETE of the same path.
  'POST /ideas/:slug/interest': 'PUT /api/v1/ideas/:id/interest',
  'POST /ideas/:slug/follow': 'PUT /api/v1/ideas/:id/follow',
  'POST /meetings/:series/follow': 'PUT /api/v1/series/:slug/follow',
  'POST /boards/:id/follow': 'PUT /api/v1/boards/:id/follow',
  'POST /groups/:slug/follow': 'PUT /api/v1/groups/:slug/follow',
  'POST /proposals/:number/follow': 'PUT /api/v1/proposals/:number/follow',
  // Meetings
  'POST /meetings/new': 'POST /api/v1/series',
  'POST /meetings/:series/edit': 'PATCH /api/v1/series/:slug',
  'POST /meetings/:series/extra': 'POST /api/v1/series/:slug/extra',
  'POST /meetings/:series/:date/cancel': 'POST /api/v1/series/:slug/occurrences/:date/cancel',
  'POST /meetings/:series/:date/start': 'POST /api/v1/series/:slug/occurrences/:date/start',
  'POST /meetings/:series/:date/move': 'POST /api/v1/series/:slug/occurrences/:date/move',
  'POST /meetings/:series/:date/restore': 'POST /api/v1/series/:slug/occurrences/:date/restore',
  'POST /meetings/:series/:date/agenda-ready': 'POST /api/v1/series/:slug/occurrences/:date/agenda-ready',
  // Agenda
  'POST /meetings/:series/:date/topics': 'POST /api/v1/series/:slug/occurrences/:date/topics',
  'POST /topics/:id/status': 'POST /api/v1/topics/:id/status',
  'POST /topics/:id/move': 'POST /api/v1/topics/:id/move',
  'POST /topics/:id/minutes': 'PATCH /api/v1/topics/:id',
  // The record of a meeting
  'POST /meetings/:series/:date/minutes': 'PUT /api/v1/series/:slug/occurrences/:date/minutes',
  'POST /meetings/:series/:date/minutes/publish':
    'POST /api/v1/series/:slug/occurrences/:date/minutes/publish',
  'POST /meetings/:series/:date/note-taker': 'PUT /api/v1/series/:slug/occurrences/:date/note-taker',
  'POST /meetings/:series/:date/decisions': 'POST /api/v1/series/:slug/occurrences/:date/decisions',
  'POST /meetings/:series/:date/decisions/:id/objections': 'POST /api/v1/decisions/:id/objections',
  'POST /meetings/:series/:date/actions': 'POST /api/v1/series/:slug/occurrences/:date/actions',
  'POST /actions/:id/done': 'PATCH /api/v1/actions/:id',
  // Comments
  'POST /ideas/:slug/comments': 'POST /api/v1/ideas/:id/comments',
  'POST /topics/:id/comments': 'POST /api/v1/topics/:id/comments',
  'POST /decisions/:id/comments': 'POST /api/v1/decisions/:id/comments',
  'POST /proposals/:number/comments': 'POST /api/v1/proposals/:number/comments',
  'POST /comments/:id/edit': 'PATCH /api/v1/comments/:id',
  'POST /comments/:id/delete': 'DELETE /api/v1/comments/:id',
  'POST /comments/:id/hide': 'POST /api/v1/comments/:id/hide',
  'POST /comments/:id/report': 'POST /api/v1/comments/:id/report',
  'POST /comments/:id/approve': 'POST /api/v1/comments/:id/approve',
  'POST /comments/:id/reject': 'POST /api/v1/comments/:id/reject',
  'POST /comments/:id/reports/dismiss': 'POST /api/v1/comments/:id/reports/dismiss',
  'POST /ideas/:slug/approve': 'POST /api/v1/ideas/:id/approve',
  'POST /ideas/:slug/reject': 'POST /api/v1/ideas/:id/reject',
  // Board
  'POST /boards/:id/columns': 'POST /api/v1/boards/:id/columns',
  'POST /columns/:id': 'PATCH /api/v1/columns/:id',
  'POST /boards/:id/items': 'POST /api/v1/boards/:id/items',
  'POST /items/:id/edit': 'PATCH /api/v1/items/:id',
  'POST /items/:id/move': 'POST /api/v1/items/:id/move',
  'POST /items/:id/nominate': 'POST /api/v1/items/:id/nominations',
  // Imports
  'POST /boards/:id/import': 'POST /api/v1/boards/:id/import',
  'POST /docs/import': 'POST /api/v1/imports/planning-page',
  // Accounts and administration
  'POST /profile': 'PATCH /api/v1/me',
  'POST /profile/password': 'POST /api/v1/me/password',
  'POST /profile/tokens': 'POST /api/v1/tokens',
  'POST /profile/tokens/:id/revoke': 'DELETE /api/v1/tokens/:id',
  'POST /admin/users': 'POST /api/v1/users',
  'POST /admin/webhooks': 'POST /api/v1/webhooks',
  'POST /admin/webhooks/:id': 'PATCH /api/v1/webhooks/:id',
  'POST /admin/webhooks/:id/delete': 'DELETE /api/v1/webhooks/:id',
  'POST /admin/webhooks/:id/deliveries/:deliveryId/redeliver':
    'POST /api/v1/webhooks/:id/deliveries/:deliveryId/redeliver',
  'POST /admin/users/:id/role': 'PATCH /api/v1/users/:id',
  'POST /admin/users/:id/disabled': 'PATCH /api/v1/users/:id',
  'POST /admin/registration': 'PATCH /api/v1/settings',
  'POST /admin/nominations': 'PATCH /api/v1/settings',
  'POST /admin/images': 'PATCH /api/v1/settings',
  'POST /admin/moderation': 'PATCH /api/v1/settings',
  'POST /admin/name': 'PATCH /api/v1/settings',
  'POST /admin/passwords': 'PATCH /api/v1/settings',
  'POST /admin/invitations': 'POST /api/v1/invitations',
  'POST /admin/users/:id/reset-link': 'POST /api/v1/users/:id/reset-link',
  'POST /profile/delete': 'DELETE /api/v1/me',
  'POST /admin/users/:id/delete': 'DELETE /api/v1/users/:id',
  'POST /profile/verification': 'POST /api/v1/me/verification',
  'POST /profile/sessions/:id/revoke': 'DELETE /api/v1/me/sessions/:id',
  'POST /profile/identities/:id/unlink': 'DELETE /api/v1/me/identities/:id',
  'POST /sign-in/oidc/link': { none: 'a round trip through the provider’s own login page, in a browser' },
  'POST /sign-in/github/link': { none: 'a round trip through GitHub’s own authorization page, in a browser' },
  'POST /profile/sessions/revoke-others': 'DELETE /api/v1/me/sessions',
  // The inbox: one entry or all marked read, and what comes by mail.
  'POST /notifications/read': 'POST /api/v1/me/notifications/read',
  'POST /notifications/read-all': 'POST /api/v1/me/notifications/read',
  'POST /profile/notifications': 'PUT /api/v1/me/notification-settings',
  // A forgotten password and a mailed address check: no token is needed for these.
  'POST /password-reset': 'POST /api/v1/me/password-reset',
  'POST /password-reset/new': 'POST /api/v1/password-reset',
  'POST /verify-email': 'POST /api/v1/email-verification',
  // What only a browser does: the session itself and links that arrive by e-mail.
  'POST /setup': { none: 'creates the first admin before any account (and so any token) exists' },
  'POST /login': { none: 'starts a browser session; the API authenticates with tokens instead' },
  'POST /logout': { none: 'ends a browser session' },
  'POST /register': { none: 'a person signs up in the browser; an API token needs an account first' },
  'POST /meetings/:series/invitations': {
    none: 'asks for invitations by e-mail: double opt-in, confirmed from the mail, for people without an account',
  },
  'POST /meetings/:series/invitations/confirm': { none: 'the confirmation link from the e-mail' },
  'POST /meetings/:series/invitations/unsubscribe': {
    none: 'the one-click unsubscribe link from the e-mail (RFC 8058)',
  },
  'POST /notifications/unsubscribe': {
    none: 'the one-click unsubscribe link from a notification’s e-mail (RFC 8058); the API unfollows with DELETE …/follow',
  },
};

describe('page routes and their API twins', () => {
  let hub: Hub;
  let pageWrites: string[];
  let operations: Set<string>;
  let openapi: OpenApi;

  beforeAll(async () => {
    hub = await startHub('sqlite');
    pageWrites = serverRoutes(hub.server).filter(
      (route) => !route.startsWith('GET ') && !route.includes(' /api/') && !route.endsWith('/events'),
    );
    openapi = (await hub.server.inject({ method: 'GET', url: '/api/openapi.json' })).json() as OpenApi;
    operations = new Set(
      Object.entries(openapi.paths).flatMap(([path, methods]) =>
        Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/gu, ':$1')}`),
      ),
    );
  });
  afterAll(() => hub.close());

  it('every page route that changes something is in the table', () => {
    const missing = pageWrites.filter((route) => !(route in TWINS));
    expect(missing, `page routes without an entry in TWINS: ${missing.join(', ')}`).toEqual([]);
  });

  it('every twin named in the table is an operation of the API', () => {
    const absent = Object.entries(TWINS)
      .filter(([, twin]) => typeof twin === 'string' && !operations.has(twin))
      .map(([route, twin]) => `${route} → ${String(twin)}`);
    expect(absent, `twins the OpenAPI description lacks: ${absent.join(', ')}`).toEqual([]);
  });

  it('the table names no page route that is gone', () => {
    const stale = Object.keys(TWINS).filter((route) => !pageWrites.includes(route));
    expect(stale).toEqual([]);
  });

  it('each route without a twin says why', () => {
    for (const [route, twin] of Object.entries(TWINS)) {
      if (typeof twin !== 'string') expect(twin.none.length, route).toBeGreaterThan(10);
    }
  });

  it('every list answers {items, nextCursor}', () => {
    const lists = Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => method === 'get')
        .map(([, op]) => ({ path, schema: op.responses?.['200']?.content?.['application/json']?.schema }))
        .filter(({ schema }) => schema?.properties?.items?.type === 'array'),
    );
    expect(lists.length).toBeGreaterThanOrEqual(5);
    const without = lists.filter(({ schema }) => !schema?.properties?.nextCursor).map(({ path }) => path);
    expect(without, `lists without nextCursor: ${without.join(', ')}`).toEqual([]);
  });
});
