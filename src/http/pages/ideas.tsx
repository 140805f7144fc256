import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { ConflictError } from '../../domain/errors.js';
import { IDEA_LIMITS, type Idea } from '../../domain/idea.js';
import { authorize, authorizeAttempt, can, ideaSubject } from '../../domain/policy.js';
import type { CommentFormState } from '../../web/components/comment-forms.js';
import type { GroupFieldState } from '../../web/components/group-field.js';
import { IdeaPage } from '../../web/pages/idea.js';
import {
  emptyIdeaForm,
  IdeaFormPage,
  type IdeaFormValues,
  ideaFormValues,
} from '../../web/pages/idea-form.js';
import { SignInPage } from '../../web/pages/sign-in.js';
import { clientOf } from '../rate-limit.js';
import { Nomination } from '../schemas/agenda.js';
import { CreateIdeaBody, StatusBody, UpdateIdeaBody } from '../schemas/ideas.js';
import { withVersion } from '../schemas/meetings.js';
import { loadThread } from './comment-thread.js';
import { type FormAgain, formRoute, nextPath, pageParams, type Refusal } from './form-route.js';
import { FormFields, type PageKit } from './kit.js';

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

/** The idea form as typed, from what its route read: the tags' text as it was, the link rows kept. */
function typedIdea({ values, input }: Pick<FormAgain<unknown>, 'values' | 'input'>): IdeaFormValues {
  return shownAgain({
    title: values.title ?? '',
    description: values.description ?? '',
    tags: values.tags ?? '',
    links: Array.isArray(input.links) ? (input.links as IdeaFormValues['links']) : [],
  });
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

const IdeaPageParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
const ideaParams = pageParams(IdeaPageParams);

/** Shows an idea's page; a refused nomination's message, or a refused comment form, comes back with it. */
export type IdeaPageView = (
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  refused?: Refusal,
  commentForm?: CommentFormState & { status: number },
  statusForm?: StatusFormState,
) => Promise<FastifyReply>;

/** The status form shown again after a refusal: the reasons, and what was chosen and typed. */
type StatusFormState = Refusal & { input: { status: string; reason: string } };

export function ideaPageOf(app: App, kit: PageKit): IdeaPageView {
  return async (request, reply, slug, refused, commentForm, statusForm) => {
    const { idea, history } = await app.ideas.get(slug, request.auth.actor);
    const actor = request.auth.actor;
    const groupLeads = await app.groups.leadIds(idea.groupId);
    // A proposal held for review is read by its proposer and maintainers only: it takes part in nothing yet.
    if (idea.held)
      return kit.render(request, reply, IdeaPage, { idea, history, groupLeads }, refused?.status ?? 200);
    const [meetings, decisions, allowed, progress, interest, following, thread, proposals] =
      await Promise.all([
        app.agenda.forIdea(idea.id),
        app.minutes.decisionsForIdea(idea.id),
        app.agenda.mayNominate(actor, 'idea'),
        app.board.progressOf([idea.id]),
        app.interest.summary(actor, idea.id),
        app.follows.isFollowing(actor, { kind: 'idea', id: idea.id }),
        // A removed idea takes no comments, and shows none.
        idea.status === 'removed'
          ? null
          : app.comments
              .target(actor, 'idea', idea.id)
              .then((target) => loadThread(app, actor, target, commentForm)),
        app.proposals.forIdea(idea.id),
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
    return kit.render(
      request,
      reply,
      IdeaPage,
      {
        idea,
        history,
        meetings,
        decisions,
        cards: progress.get(idea.id)?.items ?? [],
        nominate,
        interest,
        following,
        thread,
        proposals,
        groupLeads,
        statusErrors: statusForm?.errors,
        statusMessage: statusForm?.message,
        statusInput: statusForm?.input,
      },
      refused?.status ?? commentForm?.status ?? statusForm?.status ?? 200,
    );
  };
}

/** Proposing an idea: its form, and a visitor's draft kept through signing in. */
function proposeRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
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
          held={await app.ideas.willBeHeld(request.auth.actor)}
          group={{ choices: await app.groups.choices(request.auth.actor, null), value: '' }}
        />,
      );
    });

    server.post('/ideas', kit.once(proposeRoute(app, kit)));
  };
}

/** Sending the proposal; a visitor keeps what was typed through the sign-in form. */
function proposeRoute(app: App, kit: PageKit) {
  return formRoute(kit, {
    action: 'idea.propose',
    refused: async (request, reply, typed) =>
      kit.send(
        reply,
        <SignInPage
          ctx={kit.ctx(request, reply)}
          email=""
          next="/ideas/new"
          draft={JSON.stringify(typedIdea(typed))}
          errors={{}}
          message={kit.t(request)('idea.signInFirst')}
          canRegister={(await app.settings.registrationMode()) === 'open'}
        />,
        401,
      ),
    params: Type.Object({}),
    body: CreateIdeaBody,
    run: async (request, reply, { body }) => {
      const idea = await app.ideas.propose(request.auth.actor, body, clientOf(request));
      return kit.redirect(reply, `/ideas/${idea.slug}`, idea.held ? 'idea.heldCreated' : 'idea.proposed');
    },
    again: async (request, reply, { message, errors, status, ...typed }) =>
      kit.send(
        reply,
        <IdeaFormPage
          ctx={kit.ctx(request, reply)}
          mode="new"
          values={typedIdea(typed)}
          errors={errors}
          message={message}
          group={{
            choices: await app.groups.choices(request.auth.actor, null),
            value: typed.values.group ?? '',
          }}
        />,
        status,
      ),
  });
}

/** An idea's group field: the reader's choices, holding the group it is in or the one typed. */
async function ideaGroup(
  app: App,
  request: FastifyRequest,
  idea: Idea,
  typed?: string,
): Promise<GroupFieldState> {
  const choices = await app.groups.choices(request.auth.actor, idea.groupId);
  return { choices, value: typed ?? choices.groups.find((g) => g.id === idea.groupId)?.slug ?? '' };
}

/** Editing an idea: its form, and saving it (a change meanwhile is shown beside what was typed). */
function editRoutes(app: App, kit: PageKit) {
  return (server: FastifyInstance) => {
    server.get('/ideas/:slug/edit', async (request, reply) => {
      const { idea } = await app.ideas.get(ideaParams(request).slug, request.auth.actor);
      await assertMayEdit(app, request, idea);
      return kit.render(request, reply, IdeaFormPage, {
        mode: { slug: idea.slug, version: idea.version },
        values: ideaFormValues(idea),
        errors: {},
        message: null,
        group: await ideaGroup(app, request, idea),
      });
    });

    server.post('/ideas/:slug/edit', editRoute(app, kit));
  };
}

/** Saving an edit; a stale version shows what is stored now beside what was typed. */
function editRoute(app: App, kit: PageKit) {
  return formRoute(kit, {
    action: 'idea.edit',
    params: IdeaPageParams,
    body: withVersion(UpdateIdeaBody),
    run: async (request, reply, { params: { slug }, body: { version, ...draft } }) => {
      const idea = await app.ideas.update(request.auth.actor, slug, version, draft);
      return kit.redirect(reply, `/ideas/${idea.slug}`, 'idea.saved');
    },
    again: async (request, reply, { params: { slug }, message, errors, status, cause, ...typed }) => {
      const conflict = cause instanceof ConflictError;
      const version = Number(typed.values.version);
      const { idea } = await app.ideas.get(slug, request.auth.actor);
      const sent = new FormFields(request.body).all('group').length > 0;
      const group = await ideaGroup(app, request, idea, sent ? typed.values.group : undefined);
      return kit.render(
        request,
        reply,
        IdeaFormPage,
        {
          mode: { slug, version: Number.isInteger(version) ? version : 0 },
          values: typedIdea(typed),
          errors: conflict ? {} : errors,
          message: conflict ? kit.t(request)('idea.conflict') : message,
          current: conflict ? (cause.current as Idea) : undefined,
          group,
        },
        status,
      );
    },
  });
}

/** A maintainer moves an idea to another status; the page shows the form, and its refusals, to maintainers only. */
function statusRoute(app: App, kit: PageKit, ideaPage: IdeaPageView) {
  return formRoute(kit, {
    // Anyone else is refused with an error page that says why: maintainers, and the leads of the
    // idea's group (a visitor is sent to sign in before the idea is looked up).
    authorize: async (request, { slug }) => {
      const actor = request.auth.actor;
      authorizeAttempt(actor, 'idea.changeStatus');
      const { idea } = await app.ideas.get(slug, actor);
      authorize(actor, 'idea.changeStatus', { groupLeads: await app.groups.leadIds(idea.groupId) });
    },
    params: IdeaPageParams,
    body: withVersion(StatusBody),
    run: async (request, reply, { params: { slug }, body: { version, status, reason } }) => {
      await app.ideas.changeStatus(request.auth.actor, slug, version, status, reason);
      return kit.redirect(reply, nextPath(request, `/ideas/${slug}`), 'idea.statusChanged');
    },
    again: async (request, reply, { params: { slug }, values, message, errors, status, cause }) => {
      const conflict = cause instanceof ConflictError;
      return ideaPage(request, reply, slug, undefined, undefined, {
        errors: conflict ? {} : errors,
        message: conflict ? kit.t(request)('error.conflict') : message,
        input: { status: values.status ?? '', reason: values.reason ?? '' },
        status,
      });
    },
  });
}

/** An idea put on the agenda of a series' next meeting; a refusal shows the idea's page. */
function nominateRoute(app: App, kit: PageKit, ideaPage: IdeaPageView) {
  return formRoute(kit, {
    action: 'idea.nominate',
    params: IdeaPageParams,
    body: Nomination,
    run: async (request, reply, { params: { slug }, body }) => {
      const topic = await app.agenda.nominate(request.auth.actor, slug, body.series);
      const series = (await app.meetings.list()).find((s) => s.id === topic.seriesId);
      return kit.redirect(
        reply,
        series ? `/meetings/${series.slug}/${topic.occurrence}#topic-${topic.id}` : `/ideas/${slug}`,
        'nominate.done',
      );
    },
    again: (request, reply, { params: { slug }, errors, message, status }) =>
      ideaPage(request, reply, slug, { errors, message, status }),
  });
}

export function ideaPageRoutes(app: App, kit: PageKit) {
  const ideaPage = ideaPageOf(app, kit);
  return async (server: FastifyInstance) => {
    proposeRoutes(app, kit)(server);
    server.get('/ideas/:slug', async (request, reply) => ideaPage(request, reply, ideaParams(request).slug));

    server.post('/ideas/:slug/nominate', nominateRoute(app, kit, ideaPage));
    editRoutes(app, kit)(server);
    server.post('/ideas/:slug/status', statusRoute(app, kit, ideaPage));
  };
}

/** The idea's proposer while it is proposed, maintainers, and the leads of its group. */
async function assertMayEdit(app: App, request: FastifyRequest, idea: Idea): Promise<void> {
  authorize(request.auth.actor, 'idea.edit', ideaSubject(idea, await app.groups.leadIds(idea.groupId)));
}
