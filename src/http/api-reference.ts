import Fastify, {
  type FastifyInstance,
  type FastifyPluginAsync,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import type { Config } from '../config.js';
import { NotFoundError } from '../domain/errors.js';
import { isLocale } from '../domain/locale.js';
import { translator } from '../web/i18n/index.js';
import { apiDescription } from './openapi.js';
import { HttpError } from './problem.js';
import { pagePolicy } from './security-headers.js';
import { rememberLocale } from './session.js';

/**
 * Swagger UI's own styles with a few changes for phones: paths wrap at their slashes, tables
 * stack instead of squeezing the examples into a column, code scrolls instead of breaking words.
 */
const THEME_CSS = `
.swagger-ui .information-container .info { margin: 2rem 0 1rem; }
.swagger-ui .info .markdown h2 { font-size: 1.25rem; margin-top: 1.5rem; }
.swagger-ui .info .markdown li, .swagger-ui .info .markdown p { line-height: 1.5; }
@media (max-width: 640px) {
  .swagger-ui .wrapper { padding: 0 0.75rem; }
  .swagger-ui .information-container .info { margin: 1rem 0; }
  .swagger-ui .info .title { font-size: 1.75rem; }
  .swagger-ui .opblock .opblock-summary { flex-wrap: wrap; padding: 0.25rem; }
  .swagger-ui .opblock .opblock-summary-method { min-width: 3.75rem; padding: 0.375rem 0.25rem; font-size: 0.8rem; }
  .swagger-ui .opblock .opblock-summary-path,
  .swagger-ui .opblock .opblock-summary-path__deprecated { flex: 1 1 0; min-width: 0; max-width: none; padding: 0 0.5rem; font-size: 0.875rem; word-break: normal; overflow-wrap: anywhere; }
  .swagger-ui .opblock .opblock-summary-description { flex-basis: 100%; order: 10; padding: 0.25rem 0.25rem 0; }
  .swagger-ui .opblock-tag { flex-wrap: wrap; font-size: 1.25rem; padding: 0.5rem 0; }
  .swagger-ui .opblock-tag small { flex: 1 1 100%; order: 10; padding: 0.25rem 0 0; }
  .swagger-ui .opblock-tag > div { display: none; }
  .swagger-ui .opblock-section-header { flex-wrap: wrap; padding: 0.5rem; }
  .swagger-ui .opblock-description-wrapper, .swagger-ui .opblock-external-docs-wrapper,
  .swagger-ui .opblock-title_normal { padding: 0.5rem; }
  .swagger-ui .table-container, .swagger-ui .responses-inner { padding: 0.5rem; }
  .swagger-ui table thead { display: none; }
  .swagger-ui table tbody tr, .swagger-ui table tbody td { display: block; width: auto; max-width: none; }
  .swagger-ui table.parameters td.parameters-col_name { padding: 0.5rem 0 0; }
  .swagger-ui table.responses-table td.response-col_status { padding: 0.75rem 0 0; font-weight: bold; }
  .swagger-ui table.responses-table td.response-col_links { display: none; }
  .swagger-ui .opblock-body pre.microlight, .swagger-ui .highlight-code pre.microlight { white-space: pre; word-break: normal; overflow-wrap: normal; overflow-x: auto; }
  .swagger-ui .scheme-container { padding: 1rem 0; }
  .swagger-ui .scheme-container .schemes { flex-wrap: wrap; gap: 0.5rem; }
}
`;

/**
 * `GET /api`: the API reference, Swagger UI rendered from the hub's own OpenAPI description. Its
 * scripts, styles and the description come from this origin only (no CDN, no fonts, no online
 * validator), under the pages' own Content-Security-Policy: Swagger UI needs no inline script or
 * style (React sets styles through the DOM, which CSP allows), so no hash, nonce or `unsafe-*`.
 * The spec it reads (`/api/json`) has the opening paragraph in the reader's language;
 * `/api/openapi.json` stays English for machines.
 *
 * Swagger UI is made on the first request for it, in a small server of its own that these routes
 * ask (in process, without a socket): registering it with the hub cost a twentieth of the start
 * (its file server lists Swagger UI's files and makes a route of each) for a page few open.
 */
export function apiReferenceRoutes(config: Config): FastifyPluginAsync {
  return async (server) => {
    server.addHook('onSend', async (request, reply, payload) => {
      reply.header('vary', 'accept-language, cookie');
      const page =
        reply.statusCode === 200 && String(reply.getHeader('content-type')).startsWith('text/html');
      if (typeof payload !== 'string' || !page) return payload;
      rememberLocale(request, reply, config);
      // The package writes an English page; the title and language are the reader's.
      const t = translator(request.locale);
      return payload
        .replace('<html lang="en">', `<html lang="${request.locale}">`)
        .replace(/<title>[^<]*<\/title>/u, `<title>${t('api.title')}</title>`);
    });

    let reference: Promise<FastifyInstance> | undefined;
    const answer = async (request: FastifyRequest, reply: FastifyReply) => {
      reference ??= referenceServer(server, config).catch((err: unknown) => {
        reference = undefined;
        throw err;
      });
      const asked = await (await reference).inject({
        method: request.method as 'GET' | 'HEAD',
        url: request.url,
        headers: { ...request.headers, [LOCALE_HEADER]: request.locale },
      });
      if (asked.statusCode === 404) throw new NotFoundError('page', request.url);
      // Any other refusal (a failed precondition, a range not there) is said as the hub says it.
      if (asked.statusCode >= 400)
        throw new HttpError(asked.statusCode, 'error.badRequest', { detail: asked.statusMessage });
      for (const [name, value] of Object.entries(asked.headers)) {
        if (value !== undefined && !HOP_HEADERS.has(name)) reply.header(name, value);
      }
      reply.code(asked.statusCode);
      const text = String(asked.headers['content-type']).startsWith('text/html');
      return reply.send(text ? asked.payload : asked.rawPayload);
    };
    server.addHook('onClose', async () => {
      await (await reference?.catch(() => undefined))?.close();
    });
    // Swagger UI's own paths: its page, the description it reads and its files.
    for (const path of ['', '/json', '/yaml', '/static/*'])
      server.get(`${config.basePath}/api${path}`, answer);
  };
}

/** Set by the hub on what it asks the reference server: the reader's language, as the hub resolved it. */
const LOCALE_HEADER = 'x-plenum-locale';

/** Headers of the reference server's answer that belong to its connection, not to the answer. */
const HOP_HEADERS = new Set(['connection', 'content-length', 'date', 'keep-alive', 'transfer-encoding']);

/** A server holding Swagger UI alone, reading the hub's OpenAPI description. */
async function referenceServer(hub: FastifyInstance, config: Config): Promise<FastifyInstance> {
  const { default: swaggerUi } = await import('@fastify/swagger-ui');
  const reference = Fastify({ routerOptions: { ignoreTrailingSlash: true } });
  // Swagger UI reads the description from @fastify/swagger's decorator, which lives in the hub.
  await reference.register(
    fastifyPlugin(
      async (instance: FastifyInstance) => {
        instance.decorate('swagger', hub.swagger.bind(hub));
      },
      { name: '@fastify/swagger' },
    ),
  );
  await reference.register(swaggerUi, {
    routePrefix: `${config.basePath}/api`,
    staticCSP: pagePolicy(false),
    theme: { title: 'Plenum', css: [{ filename: 'plenum.css', content: THEME_CSS }] },
    // The topbar's address field would let the page fetch any URL typed into it.
    uiConfig: {
      layout: 'BaseLayout',
      deepLinking: true,
      // Folded tags: unfolded, Swagger UI stalls after drawing the first few of 120-odd operations.
      docExpansion: 'none',
      defaultModelsExpandDepth: 0,
      displayRequestDuration: true,
    },
    validatorUrl: false,
    // Tags no operation uses yet would show as empty sections.
    transformSpecification: (spec, request) => {
      const used = new Set(
        Object.values(spec.paths ?? {}).flatMap((item) =>
          Object.values(item as Record<string, { tags?: string[] }>).flatMap((op) => op.tags ?? []),
        ),
      );
      const asked = request.headers[LOCALE_HEADER];
      const locale = isLocale(asked) ? asked : 'en';
      return {
        ...spec,
        info: { ...spec.info, description: apiDescription(config.basePath, translator(locale)) },
        tags: (spec.tags ?? []).filter((tag: { name: string }) => used.has(tag.name)),
      };
    },
  });
  await reference.ready();
  return reference;
}
