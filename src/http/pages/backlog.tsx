import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { ConflictError } from '../../domain/errors.js';
import { isIdeaStatus } from '../../domain/idea-status.js';
import { authorize } from '../../domain/policy.js';
import type { PageContext } from '../../web/page-context.js';
import { type BacklogFilters, BacklogPage } from '../../web/pages/backlog.js';
import { BacklogTextsPage, type TextValues } from '../../web/pages/backlog-texts.js';
import { renderPage } from '../../web/render.js';
import { changeStamp } from '../change-stamp.js';
import { KEPT_FOR_VISITORS } from '../compression.js';
import { type CachedBody, cachedBody, responseCache } from '../response-cache.js';
import { withVersion } from '../schemas/meetings.js';
import { BacklogTextsChange } from '../schemas/settings.js';
import { formRoute } from './form-route.js';
import type { PageKit } from './kit.js';
import { triageView } from './triage.js';

/** Room for rendered anonymous pages: a backlog page of 200 ideas is about 100 kB. */
const SHARED_PAGE_BYTES = 16 * 1024 * 1024;

function queryList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return typeof value === 'string' ? [value] : [];
}

function queryText(value: unknown, max: number): string {
  return typeof value === 'string' ? value.slice(0, max) : '';
}

/**
 * The backlog's list of ideas. Anonymous readers of one URL in one language all get the same
 * page: it is rendered once per stamp of the change markers (any write to ideas, settings or
 * names renews it).
 */
function listRoute(app: App, kit: PageKit) {
  const sharedPages = responseCache<CachedBody | null>(SHARED_PAGE_BYTES);
  return (server: FastifyInstance) => {
    server.get('/backlog', { config: KEPT_FOR_VISITORS }, async (request, reply) => {
      const query = request.query as Record<string, unknown>;
      const filters: BacklogFilters = {
        statuses: queryList(query.status).filter(isIdeaStatus),
        tag: queryText(query.tag, 100),
        q: queryText(query.q, 200),
        group: queryText(query.group, 60),
      };
      const cursor = queryText(query.cursor, 1000);
      const stamp = await changeStamp(app, request);
      const page = async (ctx: PageContext) => {
        const [list, tags, texts, groups] = await Promise.all([
          app.ideas.list(
            {
              statuses: filters.statuses,
              tag: filters.tag,
              q: filters.q,
              ...(filters.group ? { group: filters.group } : {}),
              limit: 200,
              ...(cursor ? { cursor } : {}),
              locale: request.locale,
            },
            stamp,
          ),
          app.ideas.tagCounts(undefined, stamp),
          app.settings.backlogTexts(),
          app.groups.list(),
        ]);
        const commentCounts = await app.comments.counts(
          'idea',
          list.items.map((i) => i.id),
        );
        const t = ctx.t;
        return (
          <BacklogPage
            ctx={ctx}
            list={list}
            commentCounts={commentCounts}
            filters={filters}
            tags={tags}
            groups={groups.map(({ group }) => ({ slug: group.slug, name: group.name }))}
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
  };
}

const textValues = (texts: Awaited<ReturnType<App['settings']['backlogTexts']>>): TextValues => ({
  'intro.en': texts.intro.en ?? '',
  'intro.de': texts.intro.de ?? '',
  'disclaimer.en': texts.disclaimer.en ?? '',
  'disclaimer.de': texts.disclaimer.de ?? '',
});

/** The texts above the backlog, per language: their form, and saving it (an empty one is the default). */
function textsRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.get('/backlog/texts', async (request, reply) => {
      authorize(request.auth.actor, 'backlog.editTexts');
      const texts = await app.settings.backlogTexts();
      return kit.render(request, reply, BacklogTextsPage, {
        values: textValues(texts),
        version: texts.version,
        errors: {},
        message: null,
      });
    });

    server.post(
      '/backlog/texts',
      formRoute(kit, {
        action: 'backlog.editTexts',
        params: Type.Object({}),
        body: withVersion(BacklogTextsChange),
        run: async (request, reply, { body: { version, intro, disclaimer } }) => {
          await app.settings.setBacklogTexts(request.auth.actor, version, {
            'intro.en': intro.en,
            'intro.de': intro.de,
            'disclaimer.en': disclaimer.en,
            'disclaimer.de': disclaimer.de,
          });
          return kit.redirect(reply, '/backlog', 'texts.saved');
        },
        again: async (request, reply, { values, message, errors, status, cause }) => {
          // After a change meanwhile the form carries the version stored, so saving again overwrites it.
          const conflict = cause instanceof ConflictError;
          const read = Number(values.version);
          return kit.render(
            request,
            reply,
            BacklogTextsPage,
            {
              values: values as TextValues,
              version: conflict ? (await app.settings.backlogTexts()).version : Number.isNaN(read) ? 0 : read,
              errors: conflict ? {} : errors,
              message: conflict ? kit.t(request)('texts.conflict') : message,
            },
            status,
          );
        },
      }),
    );
  };
}

/** The backlog: its list of ideas (shared between anonymous readers), its texts, the triage queue. */
export function backlogPageRoutes(app: App, kit: PageKit) {
  return async (server: FastifyInstance) => {
    listRoute(app, kit)(server);
    textsRoutes(app, kit)(server);
    server.get('/triage', (request, reply) => triageView(app, kit)(request, reply));
  };
}
