import type { FastifyInstance } from 'fastify';
import type { App } from '../../app/app.js';
import { ConflictError } from '../../domain/errors.js';
import { isIdeaStatus } from '../../domain/idea-status.js';
import { authorize } from '../../domain/policy.js';
import type { PageContext } from '../../web/page-context.js';
import { type BacklogFilters, BacklogPage } from '../../web/pages/backlog.js';
import { BacklogTextsPage, type TextValues } from '../../web/pages/backlog-texts.js';
import { TriagePage } from '../../web/pages/triage.js';
import { renderPage } from '../../web/render.js';
import { type CachedBody, cachedBody, responseCache } from '../response-cache.js';
import { attemptForm, type Refusal } from './form-route.js';
import { FormFields, type PageKit } from './kit.js';

/** Room for rendered anonymous pages: a backlog page of 200 ideas is about 100 kB. */
const SHARED_PAGE_BYTES = 16 * 1024 * 1024;

function queryList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

function queryText(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/** The backlog: its list of ideas (shared between anonymous readers), its texts, the triage queue. */
export function backlogPageRoutes(app: App, kit: PageKit) {
  return async (server: FastifyInstance) => {
    // Anonymous readers of one URL in one language all get the same page: it is rendered once
    // per stamp of the change markers (any write to ideas, settings or names renews it).
    const sharedPages = responseCache<CachedBody | null>(SHARED_PAGE_BYTES);

    server.get('/backlog', async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const filters: BacklogFilters = {
        statuses: queryList(query.status).filter(isIdeaStatus),
        tag: queryText(query.tag, 100),
        q: queryText(query.q, 200),
      };
      const cursor = queryText(query.cursor, 1000);
      const stamp = await app.changes.stamp();
      const page = async (ctx: PageContext) => {
        const [list, tags, texts] = await Promise.all([
          app.ideas.list(
            {
              statuses: filters.statuses,
              tag: filters.tag,
              q: filters.q,
              limit: 200,
              ...(cursor ? { cursor } : {}),
              locale: request.locale,
            },
            stamp,
          ),
          app.ideas.tagCounts(undefined, stamp),
          app.settings.backlogTexts(),
        ]);
        const t = ctx.t;
        return (
          <BacklogPage
            ctx={ctx}
            list={list}
            filters={filters}
            tags={tags}
            intro={texts.intro[ctx.locale] ?? t('backlog.defaultIntro')}
            disclaimer={texts.disclaimer[ctx.locale] ?? t('backlog.defaultDisclaimer')}
          />
        );
      };
      if (request.auth.via === 'none') {
        const shared = await sharedPages.get(stamp, `${request.locale}\n${request.url}`, async () => {
          const { ctx, usedToken } = kit.sharedCtx(request);
          const html = renderPage(await page(ctx));
          return usedToken() ? null : cachedBody(html);
        });
        if (shared) return kit.sendShared(request, reply, shared);
      }
      return kit.send(reply, await page(kit.ctx(request, reply)));
    });

    server.get('/backlog/texts', async (request, reply) => {
      authorize(request.auth.actor, 'backlog.editTexts');
      const texts = await app.settings.backlogTexts();
      const values: TextValues = {
        'intro.en': texts.intro.en ?? '',
        'intro.de': texts.intro.de ?? '',
        'disclaimer.en': texts.disclaimer.en ?? '',
        'disclaimer.de': texts.disclaimer.de ?? '',
      };
      return kit.render(request, reply, BacklogTextsPage, {
        values,
        version: texts.version,
        errors: {},
        message: null,
      });
    });

    server.post('/backlog/texts', async (request, reply) => {
      const fields = new FormFields(request.body);
      const values: TextValues = {
        'intro.en': fields.get('intro.en'),
        'intro.de': fields.get('intro.de'),
        'disclaimer.en': fields.get('disclaimer.en'),
        'disclaimer.de': fields.get('disclaimer.de'),
      };
      const version = fields.int('version');
      const again = async ({ message, errors, status, cause }: Refusal) => {
        // After a change meanwhile the form carries the version stored, so saving again overwrites it.
        const conflict = cause instanceof ConflictError;
        return kit.render(
          request,
          reply,
          BacklogTextsPage,
          {
            values,
            version: conflict ? (await app.settings.backlogTexts()).version : version,
            errors: conflict ? {} : errors,
            message: conflict ? kit.t(request)('texts.conflict') : message,
          },
          status,
        );
      };
      return attemptForm(kit, request, fields, again, async () => {
        await app.settings.setBacklogTexts(request.auth.actor, Number.isNaN(version) ? -1 : version, values);
        return kit.redirect(reply, '/backlog', 'texts.saved');
      });
    });

    server.get('/triage', async (request, reply) => {
      const queue = await app.ideas.triageQueue(request.auth.actor);
      return kit.render(request, reply, TriagePage, { queue });
    });
  };
}
