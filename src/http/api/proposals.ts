import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { proposalNumber } from '../../app/proposals.js';
import type { Config } from '../../config.js';
import { ValidationError } from '../../domain/errors.js';
import { isProposalState, PROPOSAL_STATES, type ProposalState } from '../../domain/proposal.js';
import {
  CreateProposalBody,
  ProposalNumberParams,
  ProposalStateBody,
  UpdateProposalBody,
} from '../schemas/proposals.js';
import { created, updatesOf } from './if-match.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, BEARER, bearerWrite, Problem, WriteProblems } from './schemas.js';

const tags = ['proposals'];

const StateSchema = Type.Enum([...PROPOSAL_STATES]);

export const ProposalSchema = Type.Object({
  id: Type.String(),
  number: Type.Integer(),
  title: Type.String(),
  text: Type.String({ description: 'Markdown' }),
  authors: Type.Array(Type.String()),
  state: StateSchema,
  ideas: Type.Array(Type.String(), { description: 'slugs of the linked ideas' }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
});

const HistorySchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  actorName: Type.Union([Type.String(), Type.Null()]),
  fromState: Type.Union([StateSchema, Type.Null()]),
  toState: StateSchema,
  reason: Type.Union([Type.String(), Type.Null()]),
  meeting: Type.Optional(
    Type.Union([Type.String(), Type.Null()], {
      description: '`series-slug/YYYY-MM-DD` of the meeting whose decision made the change',
    }),
  ),
});

const Params = ProposalNumberParams;
const ListQuery = Type.Object({ state: Type.Optional(Type.String({ maxLength: 200 })) });

/** States named in `?state=a,b`; an unknown one is refused rather than ignored. */
export function parseStates(value: string | undefined): ProposalState[] {
  const states = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = states.find((s) => !isProposalState(s));
  if (unknown !== undefined) {
    throw new ValidationError([
      { field: 'state', key: 'proposal.unknownState', params: { state: unknown.slice(0, 40) } },
    ]);
  }
  return states as ProposalState[];
}

function registerReads(server: ApiServer, app: App): void {
  server.get(
    '/proposals',
    {
      schema: {
        tags,
        summary: 'List enhancement proposals by number',
        querystring: ListQuery,
        response: {
          200: Type.Object({
            items: Type.Array(ProposalSchema),
            nextCursor: Type.Null({ description: 'always null: every proposal is on the one page' }),
          }),
          400: Problem,
        },
      },
    },
    async (request) => ({
      items: await app.proposals.list(parseStates(request.query.state)),
      nextCursor: null,
    }),
  );

  server.get(
    '/proposals/:number',
    {
      schema: {
        tags,
        summary: 'One proposal with its state history',
        params: Params,
        response: {
          200: Type.Intersect([ProposalSchema, Type.Object({ history: Type.Array(HistorySchema) })]),
          404: Problem,
        },
      },
    },
    async (request, reply) => {
      const { proposal, history } = await app.proposals.get(proposalNumber(request.params.number));
      reply.header('etag', `"${proposal.version}"`).header('cache-control', 'no-cache');
      return { ...proposal, history };
    },
  );
}

function registerWrites(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/proposals',
    {
      schema: bearerWrite(
        { tags, summary: 'Write down a proposal (maintainers)', body: CreateProposalBody },
        { 201: ProposalSchema },
      ),
    },
    async (request, reply) => {
      const proposal = await app.proposals.create(request.auth.actor, request.body);
      return created(
        reply,
        `${config.basePath}/api/v1/proposals/${proposal.number}`,
        proposal.version,
        proposal,
      );
    },
  );

  const update = updatesOf(
    async (number) => (await app.proposals.get(proposalNumber(number))).proposal,
    (value) => value,
  );
  const updateSchema = <B>(summary: string, body: B) => ({
    tags,
    summary,
    security: BEARER,
    description: 'Send the ETag you read as If-Match; a stale version gets 409 with the current proposal.',
    params: Params,
    headers: Type.Object({ 'if-match': Type.Optional(Type.String()) }),
    body,
    response: { 200: ProposalSchema, ...WriteProblems },
  });

  server.patch(
    '/proposals/:number',
    { schema: updateSchema('Edit a proposal (maintainers)', UpdateProposalBody) },
    async (request, reply) => {
      const number = proposalNumber(request.params.number);
      return update(reply, request.params.number, request.headers['if-match'], async (version) => {
        const { proposal: current } = await app.proposals.get(number);
        const b = request.body;
        const merged = {
          number: b.number ?? current.number,
          title: b.title ?? current.title,
          text: b.text ?? current.text,
          authors: b.authors ?? current.authors,
          ideas: b.ideas ?? current.ideas,
        };
        return app.proposals.update(request.auth.actor, number, version, merged);
      });
    },
  );

  server.post(
    '/proposals/:number/state',
    { schema: updateSchema('Change the state, with a reason (maintainers)', ProposalStateBody) },
    async (request, reply) => {
      const number = proposalNumber(request.params.number);
      return update(reply, request.params.number, request.headers['if-match'], (version) =>
        app.proposals.changeState(
          request.auth.actor,
          number,
          version,
          request.body.state,
          request.body.reason,
        ),
      );
    },
  );
}

/** Enhancement proposals: read publicly; written and moved along their states by maintainers. */
export const proposalApiRoutes = apiPart(registerReads, registerWrites);
