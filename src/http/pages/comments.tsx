import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Static, type TObject, Type } from 'typebox';
import type { App } from '../../app/app.js';
import type { CommentTarget } from '../../app/comment-targets.js';
import { liveChannel } from '../../app/live-channels.js';
import type { CommentTargetType } from '../../domain/comment.js';
import type { Action } from '../../domain/policy.js';
import type { Actor } from '../../domain/roles.js';
import type { CommentFormState } from '../../web/components/comment-forms.js';
import { CommentHistoryPage, CommentThreadPage } from '../../web/pages/comment-thread.js';
import type { LiveStreams } from '../live-stream.js';
import { clientOf } from '../rate-limit.js';
import {
  CommentEdit,
  CommentParams,
  CommentReason,
  NewCommentBody,
  ReportDismissal,
} from '../schemas/comments.js';
import { withVersion } from '../schemas/meetings.js';
import { ProposalNumberParams } from '../schemas/proposals.js';
import { loadThread } from './comment-thread.js';
import { type FormAgain, formRoute, pageParams } from './form-route.js';
import { ideaPageOf } from './ideas.js';
import type { PageKit } from './kit.js';
import { proposalPageOf } from './proposals.js';
import { triageView } from './triage.js';

/** Each kind of target by the path its pages have, and the name of its path's parameter. */
const TARGETS: { type: CommentTargetType; prefix: string; params: TObject; ref: (p: never) => string }[] = [
  {
    type: 'idea',
    prefix: '/ideas/:slug',
    params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
    ref: (p: { slug: string }) => p.slug,
  },
  { type: 'topic', prefix: '/topics/:id', params: CommentParams, ref: (p: { id: string }) => p.id },
  { type: 'decision', prefix: '/decisions/:id', params: CommentParams, ref: (p: { id: string }) => p.id },
  {
    type: 'proposal',
    prefix: '/proposals/:number',
    params: ProposalNumberParams,
    ref: (p: { number: string }) => p.number,
  },
];

/** Targets whose own page shows their thread: no page of the thread alone. */
const onOwnPage = (type: CommentTargetType) => type === 'idea' || type === 'proposal';

type ThreadShown = (
  request: FastifyRequest,
  reply: FastifyReply,
  target: CommentTarget,
  form?: CommentFormState & { status: number },
) => Promise<FastifyReply>;

/** The page a thread is on, with a refused form shown again: the idea's or proposal's page, or the thread's own. */
function threadShownBy(app: App, kit: PageKit): ThreadShown {
  const ideaPage = ideaPageOf(app, kit);
  const proposalPage = proposalPageOf(app, kit);
  return async (request, reply, target, form) => {
    if (target.type === 'idea') return ideaPage(request, reply, target.id, undefined, form);
    if (target.type === 'proposal') {
      const number = target.path.slice(target.path.lastIndexOf('/') + 1);
      return proposalPage(request, reply, number, form ? { commentForm: form } : {});
    }
    const view = await loadThread(app, request.auth.actor, target, form ?? null);
    return kit.render(request, reply, CommentThreadPage, { view }, form?.status ?? 200);
  };
}

/** What the page after a change to a comment says. */
type Notice =
  | 'comment.saved'
  | 'comment.removed'
  | 'comment.hidden'
  | 'comment.reported'
  | 'comment.approved'
  | 'comment.rejected'
  | 'comment.dismissed';

/** A refusal as the thread's form `form` shows it again. */
const refusedForm = (
  form: string,
  s: Pick<FormAgain<unknown>, 'values' | 'errors' | 'message' | 'status'>,
) => ({
  form,
  values: s.values,
  errors: s.errors,
  message: s.message,
  status: s.status,
});

/** Reading a thread: the page of a topic's or decision's comments, and the live stream of any thread. */
function threadRoutes(app: App, kit: PageKit, live: LiveStreams, shown: ThreadShown) {
  return (server: FastifyInstance) => {
    for (const { type, prefix, params, ref } of TARGETS) {
      const paramsOf = pageParams(params);
      const targetOf = (request: FastifyRequest) =>
        app.comments.target(request.auth.actor, type, ref(paramsOf(request) as never));
      if (!onOwnPage(type))
        server.get(`${prefix}/comments`, async (request, reply) =>
          shown(request, reply, await targetOf(request)),
        );
      server.get(`${prefix}/comments/events`, async (request, reply) => {
        const target = await targetOf(request);
        return live.send(request, reply, liveChannel.comments(target.type, target.id));
      });
      server.post(`${prefix}/comments`, kit.once(newCommentRoute(app, kit, shown, type, params, ref)));
    }
  };
}

function newCommentRoute(
  app: App,
  kit: PageKit,
  shown: ThreadShown,
  type: CommentTargetType,
  params: TObject,
  ref: (p: never) => string,
) {
  return formRoute(kit, {
    action: 'comment.write',
    params,
    body: NewCommentBody,
    run: async (request, reply, { params: p, body }) => {
      const { actor } = request.auth;
      const target = await app.comments.target(actor, type, ref(p as never));
      const comment = await app.comments.create(actor, type, target.id, body, clientOf(request));
      const notice = comment.state === 'held' ? 'comment.heldCreated' : 'comment.created';
      return kit.redirect(reply, `${target.path}#comment-${comment.id}`, notice);
    },
    again: async (request, reply, { params: p, ...state }) => {
      const target = await app.comments.target(request.auth.actor, type, ref(p as never));
      const parent = state.values.parentId;
      return shown(request, reply, target, refusedForm(parent ? `reply:${parent}` : 'new', state));
    },
  });
}

/** The builder of one comment's form routes. */
function commentForm(app: App, kit: PageKit, shown: ThreadShown) {
  const again =
    (name: string) =>
    async (request: FastifyRequest, reply: FastifyReply, { params, ...state }: FormAgain<{ id: string }>) => {
      const { target } = await app.comments.get(request.auth.actor, params.id);
      return shown(request, reply, target, refusedForm(`${name}:${params.id}`, state));
    };
  const back = async (request: FastifyRequest, reply: FastifyReply, id: string, notice: Notice) => {
    const { target } = await app.comments.get(request.auth.actor, id);
    return kit.redirect(reply, `${target.path}#comment-${id}`, notice);
  };
  const queue = triageView(app, kit);
  /**
   * A form on the comment `id`: `change` runs the use-case, then back to the comment with `notice`
   * (its thread, or with `name` null the triage queue), or to it again with the reason.
   */
  const route = <B extends TObject>(
    name: string | null,
    action: Action,
    body: B,
    change: (actor: Actor, id: string, input: Static<B>) => Promise<unknown>,
    notice: Notice,
  ) =>
    formRoute(kit, {
      action,
      params: CommentParams,
      body,
      run: async (request, reply, { params: { id }, body: input }) => {
        await change(request.auth.actor, id, input);
        return name === null ? kit.redirect(reply, '/triage', notice) : back(request, reply, id, notice);
      },
      again:
        name === null
          ? (request, reply, { message, status }) => queue(request, reply, { message, status })
          : again(name),
    });
  return route;
}

/** One comment's forms: edit and delete (its author), hide (maintainers), report (members). */
function commentRoutes(app: App, kit: PageKit, shown: ThreadShown) {
  const route = commentForm(app, kit, shown);
  const { comments } = app;
  return (server: FastifyInstance) => {
    server.post(
      '/comments/:id/edit',
      route(
        'edit',
        'comment.edit',
        withVersion(CommentEdit),
        (actor, id, b) => comments.edit(actor, id, b.version, b.body),
        'comment.saved',
      ),
    );
    server.post(
      '/comments/:id/delete',
      route(
        'delete',
        'comment.delete',
        withVersion(Type.Object({})),
        (actor, id, b) => comments.remove(actor, id, b.version),
        'comment.removed',
      ),
    );
    server.post(
      '/comments/:id/hide',
      route(
        'hide',
        'comment.hide',
        withVersion(CommentReason),
        (actor, id, b) => comments.hide(actor, id, b.version, b.reason),
        'comment.hidden',
      ),
    );
    server.post(
      '/comments/:id/report',
      route(
        'report',
        'comment.report',
        CommentReason,
        (actor, id, b) => comments.report(actor, id, b.reason),
        'comment.reported',
      ),
    );
  };
}

/** The triage queue's forms on a comment: approve or reject a held one, dismiss reports. */
function reviewRoutes(app: App, kit: PageKit, shown: ThreadShown) {
  const route = commentForm(app, kit, shown);
  const { comments } = app;
  return (server: FastifyInstance) => {
    server.post(
      '/comments/:id/approve',
      route(
        null,
        'post.review',
        withVersion(Type.Object({})),
        (actor, id, b) => comments.approve(actor, id, b.version),
        'comment.approved',
      ),
    );
    server.post(
      '/comments/:id/reject',
      route(
        null,
        'post.review',
        withVersion(CommentReason),
        (actor, id, b) => comments.reject(actor, id, b.version, b.reason),
        'comment.rejected',
      ),
    );
    server.post(
      '/comments/:id/reports/dismiss',
      route(
        null,
        'comment.hide',
        ReportDismissal,
        (actor, id, b) => comments.dismissReports(actor, id, b),
        'comment.dismissed',
      ),
    );
  };
}

/** Comments on ideas, topics and decisions: their pages, forms and live streams. */
export function commentPageRoutes(app: App, kit: PageKit, live: LiveStreams) {
  const shown = threadShownBy(app, kit);
  const idOf = pageParams(CommentParams);
  return async (server: FastifyInstance) => {
    threadRoutes(app, kit, live, shown)(server);
    commentRoutes(app, kit, shown)(server);
    reviewRoutes(app, kit, shown)(server);
    server.get('/comments/:id/history', async (request, reply) => {
      const { id } = idOf(request);
      const entries = await app.comments.history(request.auth.actor, id);
      const { target } = await app.comments.get(request.auth.actor, id);
      return kit.render(request, reply, CommentHistoryPage, {
        path: `${target.path}#comment-${id}`,
        entries,
      });
    });
  };
}
