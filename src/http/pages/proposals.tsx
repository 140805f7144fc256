import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { liveChannel } from '../../app/live-channels.js';
import { proposalNumber } from '../../app/proposals.js';
import { ConflictError, NotFoundError } from '../../domain/errors.js';
import { authorize } from '../../domain/policy.js';
import type { Proposal } from '../../domain/proposal.js';
import type { CommentFormState } from '../../web/components/comment-forms.js';
import {
  emptyProposalForm,
  ProposalFormPage,
  type ProposalFormValues,
  proposalFormValues,
} from '../../web/pages/proposal-form.js';
import { ProposalListPage, ProposalPage, type StateFormState } from '../../web/pages/proposals.js';
import { proposalsIndex } from '../../web/proposals-export.js';
import { parseStates } from '../api/proposals.js';
import type { LiveStreams } from '../live-stream.js';
import { Nomination } from '../schemas/agenda.js';
import { withVersion } from '../schemas/meetings.js';
import {
  CreateProposalBody,
  ProposalNumberParams,
  ProposalStateBody,
  UpdateProposalBody,
} from '../schemas/proposals.js';
import { loadThread } from './comment-thread.js';
import { type FormAgain, formRoute, pageParams, type Refusal } from './form-route.js';
import type { PageKit } from './kit.js';

const Params = ProposalNumberParams;
const paramsOf = pageParams(Params);
/** The number a page's address names; a path that names no proposal is a 404. */
const numberOf = (request: FastifyRequest) => proposalNumber(paramsOf(request).number);
const listQuery = (request: FastifyRequest) => {
  const q = request.query as { state?: unknown };
  return typeof q.state === 'string' ? q.state.slice(0, 200) : undefined;
};

/** The form as typed, for showing it again. */
function typed({ values }: Pick<FormAgain<unknown>, 'values'>): ProposalFormValues {
  return {
    number: values.number ?? '',
    title: values.title ?? '',
    text: values.text ?? '',
    authors: values.authors ?? '',
    ideas: values.ideas ?? '',
  };
}

/** What a proposal's page shows again after a refusal: the state form, a nomination's reasons, a comment. */
export interface ProposalPageAgain {
  stateForm?: StateFormState & { status: number };
  refused?: Refusal;
  commentForm?: CommentFormState & { status: number };
}

export type ProposalPageView = (
  request: FastifyRequest,
  reply: FastifyReply,
  number: string,
  again?: ProposalPageAgain,
) => Promise<FastifyReply>;

/** The nomination form for a reader who may bring the proposal to a meeting, or a refusal's message. */
async function nominateForm(app: App, request: FastifyRequest, refused?: Refusal) {
  const allowed = await app.agenda.mayNominate(request.auth.actor, 'proposal');
  if (!allowed && !refused) return null;
  return {
    series: allowed ? (await app.meetings.list()).map((s) => ({ slug: s.slug, title: s.title })) : [],
    message: refused?.message ?? null,
    errors: refused?.errors ?? {},
    membersNominate: (await app.settings.nominationMode()) === 'members',
  };
}

/**
 * The meetings a proposal was brought to, each with where it stands now (none for a meeting no
 * longer held), and when the first of them begins or ends next.
 */
async function withPhases(app: App, found: Awaited<ReturnType<App['agenda']['forProposal']>>) {
  const phases = await Promise.all(
    found.map((m) =>
      app.minutes.phase(m.seriesSlug, m.occurrence).catch((err: unknown) => {
        if (err instanceof NotFoundError) return undefined;
        throw err;
      }),
    ),
  );
  const meetings = found.map((m, i) => {
    const phase = phases[i]?.phase;
    return phase ? { ...m, phase } : m;
  });
  const changes = phases
    .map((p) => p?.changes ?? null)
    .filter((at) => at !== null)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  return { meetings, changes: changes[0] ?? null };
}

export function proposalPageOf(app: App, kit: PageKit): ProposalPageView {
  return async (request, reply, number, again = {}) => {
    const { stateForm, refused, commentForm } = again;
    const actor = request.auth.actor;
    const { proposal, history, ideas } = await app.proposals.get(proposalNumber(number));
    // Taken before anything is read, so a change in between reaches the page by its stream.
    const since = app.live.cursor(liveChannel.proposal(proposal.id));
    const [{ meetings, changes }, decisions, nominate, following, thread] = await Promise.all([
      app.agenda.forProposal(proposal.id).then((found) => withPhases(app, found)),
      app.minutes.decisionsForProposal(proposal.id),
      nominateForm(app, request, refused),
      app.follows.isFollowing(actor, { kind: 'proposal', id: proposal.id }),
      app.comments
        .target(actor, 'proposal', proposal.id)
        .then((target) => loadThread(app, actor, target, commentForm)),
    ]);
    return kit.render(
      request,
      reply,
      ProposalPage,
      {
        proposal,
        history,
        ideas,
        meetings,
        decisions,
        nominate,
        following,
        thread,
        events: { path: `/proposals/${proposal.number}/events`, since, changes },
        ...(stateForm ? { stateForm } : {}),
      },
      stateForm?.status ?? refused?.status ?? commentForm?.status ?? 200,
    );
  };
}

/** A proposal brought to a series' next meeting; a refusal shows the proposal's page. */
function nominateRoute(app: App, kit: PageKit, page: ProposalPageView) {
  return formRoute(kit, {
    action: 'proposal.nominate',
    params: Params,
    body: Nomination,
    run: async (request, reply, { params, body }) => {
      const number = proposalNumber(params.number);
      const topic = await app.agenda.nominateProposal(request.auth.actor, number, body.series);
      const at = await app.agenda.meetingOf(topic.id);
      return kit.redirect(
        reply,
        at ? `/meetings/${at.slug}/${at.key}#topic-${topic.id}` : `/proposals/${number}`,
        topic.status === 'accepted' ? 'nominate.done' : 'agenda.topicProposed',
      );
    },
    again: (request, reply, { params, errors, message, status }) =>
      page(request, reply, params.number, { refused: { errors, message, status } }),
  });
}

function createRoutes(app: App, kit: PageKit, server: FastifyInstance): void {
  server.get('/proposals/new', async (request, reply) => {
    authorize(request.auth.actor, 'proposal.create');
    return kit.render(request, reply, ProposalFormPage, {
      mode: 'new',
      values: emptyProposalForm,
      errors: {},
      message: null,
    });
  });
  server.post(
    '/proposals',
    kit.once(
      formRoute(kit, {
        action: 'proposal.create',
        params: Type.Object({}),
        body: CreateProposalBody,
        run: async (request, reply, { body }) => {
          const proposal = await app.proposals.create(request.auth.actor, body);
          return kit.redirect(reply, `/proposals/${proposal.number}`, 'proposals.created');
        },
        again: async (request, reply, { message, errors, status, values }) =>
          kit.render(
            request,
            reply,
            ProposalFormPage,
            { mode: 'new', values: typed({ values }), errors, message },
            status,
          ),
      }),
    ),
  );
}

function editRoutes(app: App, kit: PageKit, server: FastifyInstance): void {
  server.get('/proposals/:number/edit', async (request, reply) => {
    authorize(request.auth.actor, 'proposal.edit');
    const { proposal } = await app.proposals.get(numberOf(request));
    return kit.render(request, reply, ProposalFormPage, {
      mode: { number: proposal.number, version: proposal.version },
      values: proposalFormValues(proposal),
      errors: {},
      message: null,
    });
  });
  server.post(
    '/proposals/:number/edit',
    formRoute(kit, {
      action: 'proposal.edit',
      params: Params,
      body: withVersion(UpdateProposalBody),
      run: async (request, reply, { params, body: { version, ...draft } }) => {
        const proposal = await app.proposals.update(
          request.auth.actor,
          proposalNumber(params.number),
          version,
          draft,
        );
        return kit.redirect(reply, `/proposals/${proposal.number}`, 'proposals.saved');
      },
      again: async (request, reply, { params, message, errors, status, cause, values }) => {
        const conflict = cause instanceof ConflictError;
        const version = Number(values.version);
        return kit.render(
          request,
          reply,
          ProposalFormPage,
          {
            mode: { number: Number(params.number) || 0, version: Number.isInteger(version) ? version : 0 },
            values: typed({ values }),
            errors: conflict ? {} : errors,
            message: conflict ? kit.t(request)('proposals.conflict') : message,
            current: conflict ? (cause.current as Proposal) : undefined,
          },
          status,
        );
      },
    }),
  );
}

function stateRoute(app: App, kit: PageKit, page: ProposalPageView) {
  return formRoute(kit, {
    action: 'proposal.changeState',
    params: Params,
    body: withVersion(ProposalStateBody),
    run: async (request, reply, { params, body }) => {
      const number = proposalNumber(params.number);
      await app.proposals.changeState(request.auth.actor, number, body.version, body.state, body.reason);
      return kit.redirect(reply, `/proposals/${number}`, 'proposals.stateChanged');
    },
    again: async (request, reply, { params, values, message, errors, status, cause }) => {
      const conflict = cause instanceof ConflictError;
      return page(request, reply, params.number, {
        stateForm: {
          errors: conflict ? {} : errors,
          message: conflict ? kit.t(request)('error.conflict') : message,
          input: { state: values.state ?? '', reason: values.reason ?? '' },
          status,
        },
      });
    },
  });
}

/** `/proposals`: the list by number, one proposal's page with its stream, and the maintainers' forms. */
export function proposalPageRoutes(app: App, kit: PageKit, live: LiveStreams) {
  const page = proposalPageOf(app, kit);
  return async (server: FastifyInstance) => {
    server.get('/proposals', async (request, reply) => {
      const states = parseStates(listQuery(request));
      const proposals = await app.proposals.list(states);
      return kit.render(request, reply, ProposalListPage, { proposals, states });
    });
    server.get('/docs/proposals.md', async (request, reply) => {
      const ctx = kit.ctx(request, reply);
      const markdown = proposalsIndex(await app.proposals.list(), (n) => ctx.absoluteUrl(`/proposals/${n}`));
      return reply.type('text/markdown; charset=utf-8').header('cache-control', 'no-cache').send(markdown);
    });
    createRoutes(app, kit, server);
    editRoutes(app, kit, server);
    server.get('/proposals/:number', async (request, reply) =>
      page(request, reply, paramsOf(request).number),
    );
    // The page's live updates: as public as the page.
    server.get('/proposals/:number/events', async (request, reply) =>
      live.send(request, reply, await app.live.proposalChannel(numberOf(request))),
    );
    server.post('/proposals/:number/state', stateRoute(app, kit, page));
    server.post('/proposals/:number/nominate', nominateRoute(app, kit, page));
  };
}
