import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { DecisionProposal, MeetingParams, Objection, RecordParams } from '../schemas/minutes.js';
import * as shape from './record-shapes.js';

const tags = ['decisions'];
const security = [{ bearer: [] }];

/** Decisions of a meeting: recorded by maintainers, read as its minutes are, objected to by members. */
export function decisionApiRoutes(app: App, config: Config): FastifyPluginAsyncTypebox {
  return async (server) => {
    shape.meetingListRoute(
      server,
      '/series/:slug/occurrences/:date/decisions',
      {
        tags,
        summary: 'A meeting’s decisions, in the order taken (before publication for maintainers only)',
      },
      shape.DecisionSchema,
      app.minutes.decisionPage,
      shape.presentDecision,
    );

    server.post(
      '/series/:slug/occurrences/:date/decisions',
      {
        schema: {
          tags,
          security,
          summary: 'Record a decision of a meeting (maintainers)',
          description:
            'With `ideaId` and `status` it moves the idea (say, to the roadmap) when it takes effect: at once ' +
            'in published minutes, else when they are published. With `objectionHours` it waits for ' +
            'objections (lazy consensus) that long after publishing, and only then moves the idea.',
          params: MeetingParams,
          body: DecisionProposal,
          response: { 201: shape.DecisionSchema, ...shape.recordProblems },
        },
      },
      async (request, reply) => {
        const { ideaId, ...rest } = request.body;
        const { slug, date } = request.params;
        const decision = await shape.inApiFields(() =>
          app.minutes.decide(request.auth.actor, slug, date, { ...rest, idea: ideaId }),
        );
        return reply
          .code(201)
          .header('location', `${config.basePath}/api/v1/decisions/${decision.id}`)
          .send(shape.presentDecision(decision));
      },
    );

    server.get(
      '/decisions/:id',
      {
        schema: {
          tags,
          summary: 'One decision with its objections (before publication for maintainers only)',
          params: RecordParams,
          response: { 200: shape.DecisionSchema, ...shape.recordProblems },
        },
      },
      async (request) =>
        shape.presentDecision(await app.minutes.decision(request.auth.actor, request.params.id)),
    );

    server.get(
      '/decisions/:id/objections',
      {
        schema: shape.listSchema(
          {
            tags,
            summary: 'The objections to a decision, oldest first; objectors by name only',
            params: RecordParams,
          },
          shape.ObjectionSchema,
        ),
      },
      async (request) => {
        const page = await app.minutes.objectionPage(
          request.auth.actor,
          request.params.id,
          shape.pageRequest(request.query),
        );
        return shape.presentPage(page, shape.presentObjection);
      },
    );

    server.post(
      '/decisions/:id/objections',
      {
        schema: {
          tags,
          security,
          summary: 'Object to a decision proposed by lazy consensus while its window is open (signed in)',
          description:
            'The first objection stops the decision: it changes nothing and goes on the next meeting’s agenda.',
          params: RecordParams,
          body: Objection,
          response: { 201: shape.DecisionSchema, ...shape.recordProblems },
        },
      },
      async (request, reply) => {
        const decision = await app.minutes.object(request.auth.actor, request.params.id, request.body);
        return reply.code(201).send(shape.presentDecision(decision));
      },
    );
  };
}
