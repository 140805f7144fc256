import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { App } from '../../app/app.js';
import { proposalNumber } from '../../app/proposals.js';
import type { Config } from '../../config.js';
import type { Topic } from '../../domain/agenda.js';
import { TOPIC_STATUSES } from '../../domain/agenda.js';
import { clientOf } from '../rate-limit.js';
import { Nomination, TopicProposal, TopicStatusChange, TopicStep, TopicTimebox } from '../schemas/agenda.js';
import { TOPIC_EXAMPLE, withExample } from './examples.js';
import { created, ifMatchOrAny, updateIfMatch, updatesOf } from './if-match.js';
import {
  type ApiServer,
  AuthorMarkFields,
  BEARER,
  bearerWrite,
  IfMatchHeader,
  LinkSchema,
  Problem,
  WriteProblems,
} from './schemas.js';

const tags = ['agenda'];
const security = BEARER;

const TopicSchema = Type.Object({
  id: Type.String(),
  occurrence: Type.String({ description: 'Key (original local date) of the meeting' }),
  title: Type.String(),
  description: Type.String(),
  links: Type.Array(LinkSchema),
  minutes: Type.Integer(),
  status: Type.Enum([...TOPIC_STATUSES]),
  position: Type.Integer(),
  proposerName: Type.Union([Type.String(), Type.Null()]),
  ...AuthorMarkFields,
  carriedFrom: Type.Union([Type.String(), Type.Null()]),
  ideaId: Type.Union([Type.String(), Type.Null()]),
  proposalId: Type.Optional(
    Type.Union([Type.String(), Type.Null()], { description: 'id of the enhancement proposal it brings' }),
  ),
  version: Type.Integer(),
});

const present = (t: Topic) => ({
  id: t.id,
  occurrence: t.occurrence,
  title: t.title,
  description: t.description,
  links: t.links,
  minutes: t.minutes,
  status: t.status,
  position: t.position,
  proposerName: t.proposerName,
  proposerLeft: t.proposerLeft === true,
  textRemoved: t.textRemoved === true,
  carriedFrom: t.carriedFrom,
  ideaId: t.ideaId,
  proposalId: t.proposalId,
  version: t.version,
});

const TopicParams = Type.Object({ id: Type.String({ maxLength: 100 }) });
const OccurrenceParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20 }),
});
const IfMatch = IfMatchHeader;

/** The schema of a change of one topic by If-Match, answered with the topic. */
function topicUpdate<B extends TSchema>(summary: string, body: B) {
  return {
    tags,
    security,
    summary,
    params: TopicParams,
    headers: IfMatch,
    body,
    response: { 200: TopicSchema, ...WriteProblems },
  };
}

/** 201 with where the new topic lives and its version. */
const createdTopic = (reply: FastifyReply, config: Config, topic: Topic) =>
  created(reply, `${config.basePath}/api/v1/topics/${topic.id}`, topic.version, present(topic));

/** `GET …/agenda`: a meeting's topics with its timebox and overview. */
function registerAgendaRead(server: ApiServer, app: App): void {
  server.get(
    '/series/:slug/occurrences/:date/agenda',
    {
      schema: {
        tags,
        summary: 'A meeting’s topics, timebox and overview of current projects',
        params: OccurrenceParams,
        response: {
          200: Type.Object({
            topics: Type.Array(TopicSchema),
            timebox: Type.Object({
              used: Type.Integer(),
              available: Type.Integer(),
              overflow: Type.Boolean(),
            }),
            overview: Type.Array(
              Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String() }),
            ),
          }),
          400: Problem,
          404: Problem,
        },
      },
    },
    async (request) => {
      const { topics, timebox, overview } = await app.agenda.forOccurrence(
        request.params.slug,
        request.params.date,
      );
      return {
        topics: topics.map(present),
        timebox: { used: timebox.used, available: timebox.available, overflow: timebox.overflow },
        overview: overview.map((i) => ({ slug: i.slug, title: i.title, status: i.status })),
      };
    },
  );
}

/** `POST …/topics`: a member's proposal. */
function registerProposal(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/series/:slug/occurrences/:date/topics',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Propose a topic for a meeting (signed in; maintainers’ topics are accepted at once)',
          params: OccurrenceParams,
          body: TopicProposal,
        },
        { 201: withExample(TopicSchema, TOPIC_EXAMPLE) },
      ),
    },
    async (request, reply) => {
      const topic = await app.agenda.propose(
        request.auth.actor,
        request.params.slug,
        request.params.date,
        request.body,
        clientOf(request),
      );
      return createdTopic(reply, config, topic);
    },
  );
}

/** An idea, a proposal or a board item put on the next meeting's agenda. */
function registerNominations(server: ApiServer, app: App, config: Config): void {
  server.post(
    '/ideas/:id/nominations',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Put an idea on the agenda of the next meeting, accepted (maintainers; every member when an admin allows it)',
          params: Type.Object({
            id: Type.String({ maxLength: 200, description: 'id or slug of the idea' }),
          }),
          body: Nomination,
        },
        { 201: TopicSchema },
      ),
    },
    async (request, reply) => {
      const topic = await app.agenda.nominate(request.auth.actor, request.params.id, request.body.series);
      return createdTopic(reply, config, topic);
    },
  );

  server.post(
    '/proposals/:number/nominations',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Bring an enhancement proposal to the next meeting: accepted when a maintainer (or, when an admin allows it, any member) nominates it, else proposed for a maintainer to accept',
          params: Type.Object({
            number: Type.String({ maxLength: 20, description: 'the proposal’s number' }),
          }),
          body: Nomination,
        },
        { 201: TopicSchema },
      ),
    },
    async (request, reply) => {
      const number = proposalNumber(request.params.number);
      const topic = await app.agenda.nominateProposal(request.auth.actor, number, request.body.series);
      return createdTopic(reply, config, topic);
    },
  );

  server.post(
    '/items/:id/nominations',
    {
      schema: bearerWrite(
        {
          tags,
          summary:
            'Put a board item on the agenda of the next meeting, accepted, with its links (maintainers)',
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          body: Nomination,
        },
        { 201: TopicSchema },
      ),
    },
    async (request, reply) => {
      const topic = await app.agenda.nominateItem(request.auth.actor, request.params.id, request.body.series);
      return createdTopic(reply, config, topic);
    },
  );
}

/** An update of the topic `id` by If-Match, answered with the topic as it now is. */
const updateTopic = (app: App) => updatesOf((id) => app.agenda.topic(id), present);

/** A topic's status and place, by If-Match. */
function registerTopicUpdates(server: ApiServer, app: App): void {
  server.post(
    '/topics/:id/status',
    {
      schema: topicUpdate(
        'Accept, defer, mark discussed (maintainers) or withdraw (the proposer); If-Match required',
        TopicStatusChange,
      ),
    },
    async (request, reply) => {
      return updateTopic(app)(reply, request.params.id, request.headers['if-match'], (version) =>
        app.agenda.setStatus(request.auth.actor, request.params.id, version, request.body.status),
      );
    },
  );

  server.post(
    '/topics/:id/move',
    {
      schema: topicUpdate(
        'Move a topic one place up or down, or to a position (from 0) among the topics of its status (maintainers); If-Match required',
        Type.Union([
          TopicStep,
          Type.Object(
            { position: Type.Integer({ minimum: 0, maximum: 10_000 }) },
            { additionalProperties: false },
          ),
        ]),
      ),
    },
    async (request, reply) => {
      const { body } = request;
      return updateTopic(app)(reply, request.params.id, request.headers['if-match'], (version) =>
        'position' in body
          ? app.agenda.moveTo(request.auth.actor, request.params.id, version, body.position)
          : app.agenda.move(request.auth.actor, request.params.id, version, body.direction),
      );
    },
  );
}

/** `DELETE /topics/:id`: withdrawn, If-Match optional. */
function registerWithdrawal(server: ApiServer, app: App): void {
  server.delete(
    '/topics/:id',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Withdraw a topic (its proposer while it is proposed; maintainers)',
          description:
            'The topic stays on the agenda as withdrawn and can be proposed again. If-Match is optional: ' +
            'with it a topic changed since it was read answers 409.',
          params: TopicParams,
          headers: IfMatch,
        },
        { 204: Type.Null() },
      ),
    },
    async (request, reply) => {
      const { id } = request.params;
      await updateIfMatch(
        ifMatchOrAny(request.headers['if-match']),
        () => app.agenda.topic(id),
        (version) => app.agenda.setStatus(request.auth.actor, id, version, 'withdrawn'),
      );
      return reply.code(204).send(null);
    },
  );
}

/** `PATCH /topics/:id`: a topic's timebox, by If-Match. */
function registerTimebox(server: ApiServer, app: App): void {
  server.patch(
    '/topics/:id',
    {
      schema: topicUpdate('Change a topic’s timebox (maintainers); If-Match required', TopicTimebox),
    },
    async (request, reply) => {
      return updateTopic(app)(reply, request.params.id, request.headers['if-match'], (version) =>
        app.agenda.setMinutes(request.auth.actor, request.params.id, version, request.body.minutes),
      );
    },
  );
}

/** The agenda of a meeting: read publicly, topics proposed by members, arranged by maintainers. */
export function topicApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    registerAgendaRead(server, app);
    registerProposal(server, app, config);
    registerNominations(server, app, config);
    registerTopicUpdates(server, app);
    registerWithdrawal(server, app);
    registerTimebox(server, app);
  };
}
