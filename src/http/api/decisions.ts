import type { App } from '../../app/app.js';
import type { Config } from '../../config.js';
import { DecisionProposal, MeetingParams, Objection, RecordParams } from '../schemas/minutes.js';
import { created, versionFromIfMatch } from './if-match.js';
import * as shape from './record-shapes.js';
import { apiPart } from './route-kinds.js';
import { type ApiServer, bearerWrite } from './schemas.js';

const tags = ['decisions'];

/** A meeting's decisions and one decision, read as its minutes are; recording one (maintainers). */
function registerDecisions(server: ApiServer, app: App, config: Config): void {
  shape.recordReads(
    server,
    { tags, item: shape.DecisionSchema, present: shape.presentDecision },
    {
      url: '/series/:slug/occurrences/:date/decisions',
      summary: 'A meeting’s decisions, in the order taken (before publication for maintainers only)',
      page: app.minutes.decisionPage,
    },
    {
      url: '/decisions/:id',
      summary: 'One decision with its objections (before publication for maintainers only)',
      read: app.minutes.decision,
    },
  );

  server.post(
    '/series/:slug/occurrences/:date/decisions',
    {
      schema: bearerWrite(
        {
          tags,
          summary: 'Record a decision of a meeting (maintainers)',
          description:
            'With `ideaId` and `status` it moves the idea (say, to the roadmap) when it takes effect: at once ' +
            'in published minutes, else when they are published. With `objectionHours` it waits for ' +
            'objections (lazy consensus) that long after publishing, and only then moves the idea. ' +
            'With `proposal` (its number) and `proposalState` it moves an enhancement proposal the same ' +
            'way; a state its transitions do not allow from where it stands is refused (422) naming those that are.',
          params: MeetingParams,
          body: DecisionProposal,
        },
        { 201: shape.DecisionSchema },
      ),
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
      schema: bearerWrite(
        {
          tags,
          summary: 'Object to a decision proposed by lazy consensus while its window is open (signed in)',
          description:
            'The first objection stops the decision: it changes nothing and goes on the next meeting’s agenda. ' +
            'Every objection changes the decision’s version. With `If-Match` (the ETag of `GET /decisions/:id`, ' +
            'or `*`) it is refused with 409 and the current decision when that is no longer the version stored; ' +
            'without it the objection is taken whatever was read.',
          params: RecordParams,
          body: Objection,
        },
        { 201: shape.DecisionSchema },
      ),
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
export const decisionApiRoutes = apiPart(registerDecisions, registerObjections);
