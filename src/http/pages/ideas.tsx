import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app/app.js';
import { ConflictError, ValidationError } from '../../domain/errors.js';
import { IDEA_LIMITS, type Idea } from '../../domain/idea.js';
import { isIdeaStatus } from '../../domain/idea-status.js';
import { authorize, authorizeAttempt, can, ideaSubject } from '../../domain/policy.js';
import type { FieldErrors } from '../../web/components/form.js';
import type { PageContext } from '../../web/page-context.js';
import { type BacklogFilters, BacklogPage } from '../../web/pages/backlog.js';
import { BacklogTextsPage, type TextValues } from '../../web/pages/backlog-texts.js';
import { IdeaPage } from '../../web/pages/idea.js';
import {
  emptyIdeaForm,
  IdeaFormPage,
  type IdeaFormValues,
  ideaFormValues,
} from '../../web/pages/idea-form.js';
import { SignInPage } from '../../web/pages/sign-in.js';
import { TriagePage } from '../../web/pages/triage.js';
import { renderPage } from '../../web/render.js';
import { type CachedBody, cachedBody, responseCache } from '../response-cache.js';
import { FormFields, type PageKit, safeNext } from './kit.js';

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
 * Link rows a refused form shows again at most: room to remove a few over the limit, while a
 * forged form with thousands of rows does not come back as a page of megabytes.
 */
const REDISPLAYED_LINKS = IDEA_LIMITS.links * 2;

/** The form as it is shown again: all it had, but no more link rows than REDISPLAYED_LINKS. */
function shownAgain(values: IdeaFormValues): IdeaFormValues {
  return values.links.length > REDISPLAYED_LINKS
    ? { ...values, links: values.links.slice(0, REDISPLAYED_LINKS) }
    : values;
}

/** The idea form's fields as typed; blank link rows are dropped, half-filled ones kept for an error. */
function ideaFormFrom(fields: FormFields): IdeaFormValues {
  const labels = fields.all('link_label');
  const urls = fields.all('link_url');
  const links = urls
    .map((url, i) => ({ label: (labels[i] ?? '').trim(), url: url.trim() }))
    .filter((l) => l.url !== '' || l.label !== '');
  return {
    title: fields.get('title'),
    description: fields.get('description'),
    tags: fields.get('tags'),
    links,
  };
}

export function draftFromJson(json: string): IdeaFormValues | null {
  try {
    const v = JSON.parse(json) as Partial<IdeaFormValues>;
    if (typeof v.title !== 'string') return null;
    return {
      title: v.title,
      description: typeof v.description === 'string' ? v.description : '',
      tags: typeof v.tags === 'string' ? v.tags : '',
      links: Array.isArray(v.links)
        ? v.links
            .slice(0, REDISPLAYED_LINKS)
            .filter((l) => typeof l?.label === 'string' && typeof l?.url === 'string')
        : [],
    };
  } catch {
    return null;
  }
}

export function ideaPageRoutes(app: App, kit: PageKit) {
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
      return kit.send(
        reply,
        <BacklogTextsPage
          ctx={kit.ctx(request, reply)}
          values={values}
          version={texts.version}
          errors={{}}
          message={null}
        />,
      );
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
      const again = (message: string, errors = {}, status = 422, newVersion = version) =>
        kit.send(
          reply,
          <BacklogTextsPage
            ctx={kit.ctx(request, reply)}
            values={values}
            version={newVersion}
            errors={errors}
            message={message}
          />,
          status,
        );
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        await app.settings.setBacklogTexts(request.auth.actor, Number.isNaN(version) ? -1 : version, values);
        return kit.redirect(reply, '/backlog', 'texts.saved');
      } catch (err) {
        if (err instanceof ConflictError) {
          const current = await app.settings.backlogTexts();
          return again(kit.t(request)('texts.conflict'), {}, 409, current.version);
        }
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    server.get('/ideas/new', async (request, reply) => {
      const ctx = kit.ctx(request, reply);
      return kit.send(
        reply,
        <IdeaFormPage
          ctx={ctx}
          mode="new"
          values={emptyIdeaForm}
          errors={{}}
          message={null}
          needsSignIn={!can(request.auth.actor, 'idea.propose')}
        />,
      );
    });

    server.post(
      '/ideas',
      kit.once(async (request, reply) => {
        const fields = new FormFields(request.body);
        const values = ideaFormFrom(fields);
        const ctx = () => kit.ctx(request, reply);
        if (!can(request.auth.actor, 'idea.propose')) {
          // Keep what was typed: it travels through the sign-in form and comes back filled in.
          return kit.send(
            reply,
            <SignInPage
              ctx={ctx()}
              email=""
              next="/ideas/new"
              draft={JSON.stringify(shownAgain(values))}
              errors={{}}
              message={kit.t(request)('idea.signInFirst')}
              canRegister={(await app.settings.registrationMode()) === 'open'}
            />,
            401,
          );
        }
        const again = (message: string, errors = {}, status = 422) =>
          kit.send(
            reply,
            <IdeaFormPage
              ctx={ctx()}
              mode="new"
              values={shownAgain(values)}
              errors={errors}
              message={message}
            />,
            status,
          );
        if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
        try {
          const idea = await app.ideas.propose(request.auth.actor, { ...values, links: values.links });
          return kit.redirect(reply, `/ideas/${idea.slug}`, 'idea.proposed');
        } catch (err) {
          const problem = kit.formProblem(request, err);
          if (!problem) throw err;
          return again(problem.message, problem.errors, problem.status);
        }
      }),
    );

    /** The idea's page; `nominate` carries a refused nomination's message back to it. */
    const ideaPage = async (
      request: FastifyRequest,
      reply: FastifyReply,
      slug: string,
      refused?: { message: string; errors: FieldErrors; status: number },
    ) => {
      const { idea, history } = await app.ideas.get(slug);
      const actor = request.auth.actor;
      const [meetings, decisions, allowed, progress] = await Promise.all([
        app.agenda.forIdea(idea.id),
        app.minutes.decisionsForIdea(idea.id),
        app.agenda.mayNominate(actor, 'idea'),
        app.board.progressOf([idea.id]),
      ]);
      const mayNominate = idea.status !== 'removed' && allowed;
      const nominate =
        mayNominate || refused
          ? {
              series: mayNominate
                ? (await app.meetings.list()).map((s) => ({ slug: s.slug, title: s.title }))
                : [],
              message: refused?.message ?? null,
              errors: refused?.errors ?? {},
            }
          : null;
      return kit.send(
        reply,
        <IdeaPage
          ctx={kit.ctx(request, reply)}
          idea={idea}
          history={history}
          meetings={meetings}
          decisions={decisions}
          cards={progress.get(idea.id)?.items ?? []}
          nominate={nominate}
        />,
        refused?.status ?? 200,
      );
    };

    server.get('/ideas/:slug', async (request, reply) => {
      const { slug } = request.params as { slug: string };
      return ideaPage(request, reply, slug);
    });

    server.post('/ideas/:slug/nominate', async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const fields = new FormFields(request.body);
      authorizeAttempt(request.auth.actor, 'idea.nominate');
      const again = (message: string, errors: FieldErrors = {}, status = 422) =>
        ideaPage(request, reply, slug, { message, errors, status });
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        const topic = await app.agenda.nominate(request.auth.actor, slug, fields.get('series'));
        const series = (await app.meetings.list()).find((s) => s.id === topic.seriesId);
        return kit.redirect(
          reply,
          series ? `/meetings/${series.slug}/${topic.occurrence}#topic-${topic.id}` : `/ideas/${slug}`,
          'nominate.done',
        );
      } catch (err) {
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    server.get('/ideas/:slug/edit', async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const { idea } = await app.ideas.get(slug);
      assertMayEdit(request, idea);
      return kit.send(
        reply,
        <IdeaFormPage
          ctx={kit.ctx(request, reply)}
          mode={{ slug: idea.slug, version: idea.version }}
          values={ideaFormValues(idea)}
          errors={{}}
          message={null}
        />,
      );
    });

    server.post('/ideas/:slug/edit', async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const fields = new FormFields(request.body);
      const values = ideaFormFrom(fields);
      const version = fields.int('version');
      const again = (message: string, errors = {}, status = 422, current?: Idea) =>
        kit.send(
          reply,
          <IdeaFormPage
            ctx={kit.ctx(request, reply)}
            mode={{ slug, version: Number.isNaN(version) ? 0 : version }}
            values={shownAgain(values)}
            errors={errors}
            message={message}
            current={current}
          />,
          status,
        );
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
        const idea = await app.ideas.update(request.auth.actor, slug, version, values);
        return kit.redirect(reply, `/ideas/${idea.slug}`, 'idea.saved');
      } catch (err) {
        if (err instanceof ConflictError) {
          return again(kit.t(request)('idea.conflict'), {}, 409, err.current as Idea);
        }
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    server.post('/ideas/:slug/status', async (request, reply) => {
      // The page shows the status form, and with it any message, to maintainers only: anyone
      // else is refused with an error page that says why.
      authorize(request.auth.actor, 'idea.changeStatus');
      const { slug } = request.params as { slug: string };
      const fields = new FormFields(request.body);
      const input = { status: fields.get('status'), reason: fields.get('reason') };
      const next = safeNext(fields.get('next'), `/ideas/${slug}`);
      const version = fields.int('version');
      const again = async (message: string, errors = {}, status = 422) => {
        const { idea, history } = await app.ideas.get(slug);
        return kit.send(
          reply,
          <IdeaPage
            ctx={kit.ctx(request, reply)}
            idea={idea}
            history={history}
            statusErrors={errors}
            statusMessage={message}
            statusInput={input}
          />,
          status,
        );
      };
      if (!kit.csrfOk(request, fields)) return again(kit.t(request)('error.csrf'), {}, 403);
      try {
        if (Number.isNaN(version)) throw new ValidationError([{ field: 'version', key: 'error.badVersion' }]);
        await app.ideas.changeStatus(request.auth.actor, slug, version, input.status, input.reason);
        return kit.redirect(reply, next, 'idea.statusChanged');
      } catch (err) {
        if (err instanceof ConflictError) return again(kit.t(request)('error.conflict'), {}, 409);
        const problem = kit.formProblem(request, err);
        if (!problem) throw err;
        return again(problem.message, problem.errors, problem.status);
      }
    });

    server.get('/triage', async (request, reply) => {
      const queue = await app.ideas.triageQueue(request.auth.actor);
      return kit.send(reply, <TriagePage ctx={kit.ctx(request, reply)} queue={queue} />);
    });
  };
}

function assertMayEdit(request: FastifyRequest, idea: Idea): void {
  authorize(request.auth.actor, 'idea.edit', ideaSubject(idea));
}
