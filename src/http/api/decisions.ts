import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { DecisionProposal, MeetingParams, Objection, RecordParams } from '../schemas/minutes.js';
import { created, versionFromIfMatch } from './if-match.js';
import * as shape from './record-shapes.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, BEARER } from './schemas.js';

const tags = ['decisions'];
const security = BEARER;

/** Recording a decision, and listing a meeting's decisions. */
function registerMeetingDecisions(server: ApiServer, app: App, config: Config): void {
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
      const location = `${config.basePath}/api/v1/decisions/${decision.id}`;
      return created(reply, location, decision.version, shape.presentDecision(decision));
    },
  );
}

/** One decision, read as its minutes are. */
function registerDecision(server: ApiServer, app: App): void {
  shape.recordRoute(
    server,
    '/decisions/:id',
    { tags, summary: 'One decision with its objections (before publication for maintainers only)' },
    shape.DecisionSchema,
    app.minutes.decision,
    shape.presentDecision,
  );
}

/** Objections to a decision proposed by lazy consensus: listed, and made by members. */
function registerObjections(server: ApiServer, app: App): void {
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
          'The first objection stops the decision: it changes nothing and goes on the next meeting’s agenda. ' +
          'Every objection changes the decision’s version. With `If-Match` (the ETag of `GET /decisions/:id`, ' +
          'or `*`) it is refused with 409 and the current decision when that is no longer the version stored; ' +
          'without it the objection is taken whatever was read.',
        params: RecordParams,
        body: Objection,
        response: { 201: shape.DecisionSchema, ...shape.recordProblems },
      },
    },
    async (request, reply) => {
      const { actor } = request.auth;
      const { id } = request.params;
      const header = request.headers['if-match'];
      // An objection adds to the decision rather than replacing it, so If-Match is asked for only
      // by a client that wants to know nothing changed since it read.
      const version =
        header === undefined
          ? undefined
          : await versionFromIfMatch(header, async () => (await app.minutes.decision(actor, id)).version);
      const decision = await app.minutes.object(actor, id, request.body, version);
      return shape.versioned(reply, 201, shape.presentDecision(decision));
    },
  );
}

/** Decisions of a meeting: recorded by maintainers, read as its minutes are, objected to by members. */
export const decisionApiRoutes = apiPart(registerMeetingDecisions, registerDecision, registerObjections);
