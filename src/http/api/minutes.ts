import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { App } from '../../app/app.js';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import type { ActionItem, Decision } from '../../domain/minutes.js';
import { MINUTES_EXAMPLE } from './examples.js';
import { Problem } from './schemas.js';

const tags = ['minutes'];
const security = [{ bearer: [] }];
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const DecisionSchema = Type.Object({
  id: Type.String(),
  occurrence: Type.String(),
  text: Type.String(),
  idea: Nullable(Type.String({ description: 'slug of the idea it concerns' })),
  toStatus: Nullable(Type.Enum([...IDEA_STATUSES])),
  reason: Nullable(Type.String()),
  state: Type.Enum(['final', 'proposed', 'objected'], {
    description: 'proposed: lazy consensus, final by itself when the window closes without objection',
  }),
  objectionDeadline: Nullable(Type.String({ format: 'date-time' })),
  objectionsOpen: Type.Boolean(),
  objections: Type.Array(
    Type.Object({ name: Nullable(Type.String()), reason: Type.String(), createdAt: Type.String() }),
  ),
});

const ActionItemSchema = Type.Object({
  id: Type.String(),
  text: Type.String(),
  assignee: Type.String(),
  dueDate: Nullable(Type.String({ format: 'date' })),
  done: Type.Boolean(),
  version: Type.Integer(),
});

const presentDecision = (d: Decision) => ({
  id: d.id,
  occurrence: d.occurrence,
  text: d.text,
  idea: d.ideaSlug,
  toStatus: d.toStatus,
  reason: d.reason,
  state: d.state,
  objectionDeadline: d.objectionDeadline,
  objectionsOpen: d.open,
  objections: d.objections.map((o) => ({ name: o.userName, reason: o.reason, createdAt: o.createdAt })),
});

const presentAction = (a: ActionItem) => ({
  id: a.id,
  text: a.text,
  assignee: a.assignee,
  dueDate: a.dueDate,
  done: a.done,
  version: a.version,
});

/** The record of a meeting: public once published; objections from anyone signed in. */
export function minutesApiRoutes(app: App): FastifyPluginAsyncTypebox {
  return async (server) => {
    server.get(
      '/series/:slug/occurrences/:date/minutes',
      {
        schema: {
          tags,
          summary: 'A meeting’s minutes, decisions and action items (drafts for maintainers only)',
          params: Type.Object({
            slug: Type.String({ maxLength: 200 }),
            date: Type.String({ maxLength: 20 }),
          }),
          response: {
            200: Type.Object(
              {
                minutes: Nullable(
                  Type.Object({
                    status: Type.Enum(['draft', 'published']),
                    body: Type.String(),
                    attendeeCount: Nullable(Type.Integer()),
                    publishedAt: Nullable(Type.String()),
                    overview: Nullable(
                      Type.Array(
                        Type.Object({ slug: Type.String(), title: Type.String(), status: Type.String() }),
                      ),
                    ),
                    version: Type.Integer(),
                  }),
                ),
                decisions: Type.Array(DecisionSchema),
                actionItems: Type.Array(ActionItemSchema),
              },
              { examples: [MINUTES_EXAMPLE] },
            ),
            400: Problem,
            404: Problem,
          },
        },
      },
      async (request) => {
        const view = await app.minutes.forOccurrence(
          request.auth.actor,
          request.params.slug,
          request.params.date,
        );
        return {
          minutes: view.minutes && {
            status: view.minutes.status,
            body: view.minutes.body,
            attendeeCount: view.minutes.attendeeCount,
            publishedAt: view.minutes.publishedAt,
            overview: view.minutes.overview,
            version: view.minutes.version,
          },
          decisions: view.decisions.map(presentDecision),
          actionItems: view.actionItems.map(presentAction),
        };
      },
    );

    server.post(
      '/decisions/:id/objections',
      {
        schema: {
          tags,
          security,
          summary: 'Object to a decision proposed by lazy consensus while its window is open (signed in)',
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ reason: Type.String({ maxLength: 10_000 }) }, { additionalProperties: false }),
          response: {
            201: DecisionSchema,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            409: Problem,
            422: Problem,
          },
        },
      },
      async (request, reply) => {
        const decision = await app.minutes.object(request.auth.actor, request.params.id, request.body);
        return reply.code(201).send(presentDecision(decision));
      },
    );
  };
}
