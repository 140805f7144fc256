import { type Static, Type } from 'typebox';
import { MAX_TOPIC_MINUTES, TOPIC_STATUSES } from '../../domain/agenda.js';
import { IDEA_LIMITS } from '../../domain/idea.js';
import { LinkSchema } from '../api/schemas.js';
import { IdeaReference } from './ideas.js';

/**
 * The inputs of the agenda's use-cases, one schema each, read by both doors: the API validates
 * its JSON body with them, the form routes shape and check a form's fields with them
 * (src/http/pages/form-route.ts). Content rules (URLs, transitions) stay in the domain.
 * `x-message` names the message a form shows beside a field the schema refuses.
 */

/** A meeting as a page's path names it. */
export const MeetingPageParams = Type.Object({
  series: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20 }),
});

/** A topic as a path names it. */
export const TopicParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

export const TopicProposal = Type.Object(
  {
    title: Type.String({ maxLength: 1000 }),
    description: Type.Optional(Type.String({ maxLength: 40_000 })),
    links: Type.Optional(Type.Array(LinkSchema, { maxItems: IDEA_LIMITS.links })),
    minutes: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_TOPIC_MINUTES,
        description: 'the timebox the topic asks for',
        'x-message': 'error.badTopicMinutes',
        'x-params': { max: MAX_TOPIC_MINUTES },
      }),
    ),
    idea: Type.Optional(IdeaReference),
  },
  {
    additionalProperties: false,
    examples: [{ title: 'Release plan for 2027', minutes: 10, idea: 'release-notes' }],
  },
);
export type TopicProposal = Static<typeof TopicProposal>;

/** Changes a topic's status: accept, defer, mark discussed, withdraw. */
export const TopicStatusChange = Type.Object(
  { status: Type.Union(TOPIC_STATUSES.map((s) => Type.Literal(s))) },
  { additionalProperties: false },
);

/** Shortens or lengthens a topic's timebox. */
export const TopicTimebox = Type.Object(
  {
    minutes: Type.Integer({
      minimum: 1,
      maximum: MAX_TOPIC_MINUTES,
      'x-message': 'error.badTopicMinutes',
      'x-params': { max: MAX_TOPIC_MINUTES },
    }),
  },
  { additionalProperties: false },
);

/** Moves a topic one place up or down. */
export const TopicStep = Type.Object(
  { direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) },
  { additionalProperties: false },
);

/** An idea or a board item put on the agenda of a series' next meeting. */
export const Nomination = Type.Object(
  {
    series: Type.Optional(
      Type.String({ maxLength: 200, description: 'slug of the series; optional when there is one' }),
    ),
  },
  { additionalProperties: false },
);
