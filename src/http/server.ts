import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { App } from '../app/app.js';
import type { Config } from '../config.js';
import { NotFoundError } from '../domain/errors.js';
import { anonymous } from '../domain/roles.js';
import { apiRoutes } from './api/routes.js';
import { apiReferenceRoutes } from './api-reference.js';
import { assetRoutes } from './assets.js';
import { registerCompression } from './compression.js';
import { feeds } from './feeds.js';
import { healthRoutes } from './health.js';
import { lazySchemas } from './lazy-schemas.js';
import { type LiveStreamOptions, liveStreams } from './live-stream.js';
import type { Metrics } from './metrics.js';
import { openApiOptions } from './openapi.js';
import { type PageKit, pageKit } from './pages/kit.js';
import { pageRoutes } from './pages/routes.js';
import { HttpError, sendProblem } from './problem.js';
import { registerRateLimits } from './rate-limit.js';
import { securityHeaders } from './security-headers.js';
import { resolveLocale, SESSION_COOKIE } from './session.js';
import { saysMultipart } from './uploads.js';
import { visitorAnswers } from './visitor-answers.js';

export interface ServerOptions {
  app: App;
  config: Config;
  logger?: FastifyServerOptions['logger'];
  /** Limits of the live pages' event streams (tests lower them). */
  live?: LiveStreamOptions;
  /** How long a client may take to send a request (tests shorten them). */
  timeouts?: Partial<RequestTimeouts>;
}

export interface RequestTimeouts {
  /** From the connection (or the previous response) until the request's headers are in. */
  headersMs: number;
  /** Until the whole request, body included, is in: a 1 MB upload needs about 17 kB/s. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this; longer than proxies' usual 60 s, so a proxy never reuses one just closed. */
  keepAliveMs: number;
  /** How often Node looks for requests past their time (a request is cut within this much after its limit). */
  checkIntervalMs: number;
}

/**
 * Without them a client that trickles its headers or body holds a connection (and the memory of
 * its buffered body) for ever; Node's own request timeout is switched off by Fastify.
 */
export const REQUEST_TIMEOUTS: RequestTimeouts = {
  headersMs: 15_000,
  requestMs: 60_000,
  keepAliveMs: 72_000,
  checkIntervalMs: 5_000,
};

export type Server = FastifyInstance;

const metricsOf = new WeakMap<FastifyInstance, Metrics>();
const schemasOf = new WeakMap<FastifyInstance, () => void>();

/** Compiles every route's schemas now rather than on each route's first request (tests). */
export function compileAllSchemas(server: Server): void {
  schemasOf.get(server)?.();
}

/** The server's metrics when PLENUM_METRICS is on, for a listener of their own. */
export function serverMetrics(server: Server): Metrics | undefined {
  return metricsOf.get(server);
}

const BODY_LIMIT = 1024 * 1024;

/** Builds the HTTP server: the JSON API, the pages and the feeds, all under the configured base path. */
export async function buildServer({
  app,
  config,
  logger = false,
  live = {},
  timeouts = {},
}: ServerOptions): Promise<Server> {
  // The router refuses a path it cannot decode (broken percent-encoding) or an over-long segment
  // before any hook runs; set once the page kit exists, so it answers like every other error.
  let refuseBadUrl = (_err: FastifyError, _request: FastifyRequest, _reply: FastifyReply): void => {};
  const schemas = lazySchemas();
  const server = Fastify({
    logger,
    frameworkErrors: (err, request, reply) => refuseBadUrl(err, request, reply),
    schemaController: { compilersFactory: schemas.compilersFactory },
    ...fastifyOptions(config, { ...REQUEST_TIMEOUTS, ...timeouts }),
  }).withTypeProvider<TypeBoxTypeProvider>();
  schemasOf.set(server, schemas.compileAll);

  await registerPlugins(server, app, config);
  server.addHook('onRequest', authenticate(app));
  // No honest input holds U+0000, and PostgreSQL cannot store it in text: refused here, a NUL in
  // a search, a slug or a form field would otherwise end as a database error (500).
  server.addHook('preValidation', (request, _reply, done) => {
    const bad = request.url.includes('%00') || containsNul(request.body);
    done(bad ? new HttpError(400, 'error.badCharacters') : undefined);
  });

  const secret = await app.settings.cookieSecret();
  const kit = pageKit(config, secret, app.formTokens, app.now);
  refuseBadUrl = setErrorAnswers(server, app, config, kit);

  const streams = liveStreams(app.live, app.limits, {
    maxStreams: config.liveMaxStreams,
    maxStreamsPerClient: config.liveMaxStreamsPerClient,
    ...live,
  });
  streams.install(server);
  if (config.metrics) {
    // prom-client is loaded only where metrics are switched on.
    const { createMetrics, installMetrics } = await import('./metrics.js');
    const metrics = createMetrics({ app, openStreams: streams.count });
    installMetrics(server, metrics, config.metrics, config.basePath);
    metricsOf.set(server, metrics);
  }

  const prefix = config.basePath;
  await server.register(healthRoutes(app), { prefix });
  await server.register(assetRoutes(), { prefix });
  await server.register(apiRoutes(app, config, secret), { prefix: `${prefix}/api` });
  await server.register(apiReferenceRoutes(config));
  await server.register(pageRoutes(app, kit, config, feeds(app, config), streams), { prefix });
  return server;
}

/** Fastify's options besides the logger: proxies, limits and timeouts, routing, validation. */
function fastifyOptions(config: Config, limits: RequestTimeouts) {
  return {
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: BODY_LIMIT,
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    http: {
      headersTimeout: limits.headersMs,
      requestTimeout: limits.requestMs,
      connectionsCheckingInterval: limits.checkIntervalMs,
    },
    // A stopping instance finishes what reaches it (each answer then closes its connection) rather
    // than turning it away: a request already on its way cannot go elsewhere any more. /readyz
    // says 503 from the first moment, so balancers stop sending (src/http/health.ts).
    return503OnClosing: false,
    // Ideas and tokens are looked up by slug; a path segment is never longer than this in honest use.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // No type coercion: a JSON title of 42 is an error, not the text "42". Query parameters are
    // declared as text in their schemas and parsed by the routes. `x-message` annotates a field
    // of a schema shared with a form with the message the form shows, `x-form` how the form sends a
    // list (src/http/pages/form-route.ts).
    // A field the schema does not know is refused (400), not silently dropped: a misspelt field
    // must not look like a change that was made.
    ajv: {
      customOptions: {
        coerceTypes: false,
        removeAdditional: false,
        keywords: ['x-message', 'x-params', 'x-form'],
      },
    },
  };
}

/** Security headers, the request's decorations, cookies, rate limits and the body parsers (uploads: see uploads.ts). */
async function registerPlugins(server: FastifyInstance, app: App, config: Config): Promise<void> {
  // First, so its headers are on every answer, also one refused by a later hook.
  const headers = securityHeaders(config);
  server.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  const visitors = visitorAnswers(() => app.changes.visitorStamp());
  visitors.installGiving(server);
  server.decorateRequest('auth', null as never);
  server.decorateRequest('locale', 'en');
  server.decorateRequest('remoteImages', false);
  server.decorateRequest('hubName', '');
  server.decorateRequest('planningBoard', null);
  server.decorateRequest('unread', null);
  server.decorateRequest('inboxCursor', null);
  server.decorateRequest('changeStamp', null);
  server.decorateRequest('answerStamp', null);

  await registerCompression(server);
  await server.register(cookie);
  visitors.installKeeping(server);
  await registerRateLimits(server, app.limits);
  await server.register(formbody, { bodyLimit: BODY_LIMIT });
  // File uploads are parsed only by the routes that take them (src/http/uploads.ts).
  await server.register(swagger, openApiOptions(config));
}

/**
 * Who is asking: a bearer token (scripts) or a session cookie (browsers). A callback hook rather
 * than an async one: a visitor, who brings neither, is known at once, without a promise and a
 * turn of the event loop on every cached answer.
 */
function authenticate(app: App) {
  return (request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void): void => {
    request.auth = { actor: anonymous, user: null, via: 'none', sessionToken: null };
    // /metrics checks a scraper's token of its own, which is no account's API token.
    if ((request.routeOptions.config as { ownCredentials?: boolean }).ownCredentials) {
      done();
      return;
    }
    const header = request.headers.authorization;
    // Only the Bearer scheme is ours: the Basic credentials of a password-protecting proxy in
    // front of the hub pass by unread, and the browser's session cookie counts as usual.
    const bearer = header !== undefined && /^Bearer(?:\s|$)/iu.test(header) ? header : null;
    const cookie = bearer === null ? request.cookies[SESSION_COOKIE] : undefined;
    const proving =
      bearer !== null
        ? byToken(app, request, reply, bearer)
        : cookie
          ? bySession(app, request, cookie)
          : null;
    if (proving === null) {
      request.locale = resolveLocale(request, null);
      done();
      return;
    }
    proving.then(() => {
      request.locale = resolveLocale(request, request.auth.user);
      done();
    }, done);
  };
}

async function byToken(
  app: App,
  request: FastifyRequest,
  reply: FastifyReply,
  header: string,
): Promise<void> {
  const match = /^Bearer\s+(\S+)$/iu.exec(header);
  const signedIn = match?.[1] ? await app.accounts.resolveApiToken(match[1]) : null;
  if (!signedIn) {
    request.locale = resolveLocale(request, null);
    reply.header('www-authenticate', 'Bearer');
    // Thrown, so that a page says it as a page and the API as a problem document.
    throw new HttpError(401, 'error.badToken');
  }
  request.auth = { actor: signedIn.actor, user: signedIn.user, via: 'token', sessionToken: null };
}

async function bySession(app: App, request: FastifyRequest, token: string): Promise<void> {
  const signedIn = await app.accounts.resolveSession(token);
  if (!signedIn) return;
  request.auth = { actor: signedIn.actor, user: signedIn.user, via: 'session', sessionToken: token };
  await app.sessionList.seen(token, request.headers['user-agent']);
}

/**
 * Errors and unknown paths answered as a problem document in the API and as a page elsewhere.
 * Returns the answer to a path the router refused, which no hook has prepared.
 */
function setErrorAnswers(server: FastifyInstance, app: App, config: Config, kit: PageKit) {
  const answer = (request: FastifyRequest, reply: FastifyReply, err: unknown) =>
    isApiRequest(request.url, config.basePath)
      ? sendProblem(request, reply, err)
      : kit.errorPage(request, reply, err);

  server.setErrorHandler((caught, request, reply) => {
    // A write outside a transaction reaches here as the driver's own error: say what it means.
    let err = app.health.classify(caught);
    // A broken multipart body (no boundary, cut short) fails inside the parser with a plain
    // Error: the request is at fault, not the server.
    const raw = err as { statusCode?: unknown; message?: unknown } | null;
    if (
      saysMultipart(request.headers['content-type']) &&
      request.body == null &&
      typeof raw?.statusCode !== 'number'
    ) {
      err = new HttpError(400, 'error.badRequest', { detail: String(raw?.message ?? '') });
    }
    return answer(request, reply, err);
  });

  server.setNotFoundHandler((request, reply) =>
    answer(request, reply, new NotFoundError('page', request.url)),
  );

  return (err: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    // No hook runs for a path the router refused, the security headers' neither.
    reply.header('x-content-type-options', 'nosniff');
    request.auth = { actor: anonymous, user: null, via: 'none', sessionToken: null };
    request.cookies = server.parseCookie(request.headers.cookie ?? '');
    request.locale = resolveLocale(request, null);
    answer(request, reply, err);
  };
}

/**
 * Fastify's `trustProxy` for the configured proxies. A number of hops becomes a function that
 * trusts the socket and the hops after it: Fastify itself trusts nothing for a plain number
 * (it cannot tell a proxy from a client that connects directly), so hop counts suit a hub that
 * can only be reached through its proxies; otherwise name the proxies' addresses.
 */
function trustProxyOption(
  trust: Config['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return trust;
}

/** Looks through a parsed body without recursion, so deep nesting cannot overflow the stack. */
function containsNul(body: unknown): boolean {
  const pending: unknown[] = [body];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
      // An uploaded file's bytes are not walked one entry each (20 million for an export):
      // they are read as text by the route that takes them, which checks that text.
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}

function isApiRequest(url: string, basePath: string): boolean {
  // `/api` itself, with or without the slash, is the API reference: a page like the others.
  const path = url.split('?', 1)[0] ?? '';
  return path.startsWith(`${basePath}/api/`) && path !== `${basePath}/api/`;
}
