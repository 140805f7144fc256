import { type Static, Type } from 'typebox';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import { MAX_OBJECTION_HOURS, MINUTES_LIMITS } from '../../domain/minutes.js';
import { PROPOSAL_STATES } from '../../domain/proposal.js';
import { IdeaReference } from './ideas.js';
import { withVersion } from './meetings.js';

/**
 * The inputs of the use-cases of a meeting's record (notes, decisions, objections, action
 * items), one schema each. Content rules (dates, transitions, who is note-taker) stay in the
 * domain and the use-cases; these bound what may arrive at all. The meeting page's forms send the
 * same fields, plus the version they were rendered with where the API reads `If-Match`.
 */

/** A meeting as an API path names it. */
export const MeetingParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  date: Type.String({ maxLength: 20, description: 'Key (original local date) of the meeting' }),
});

/** A decision, an action item: named by id. */
export const RecordParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const AttendeeCount = Type.Integer({ minimum: 0, maximum: MINUTES_LIMITS.attendees });

/** The draft (or published) notes as a whole: what is left out is stored empty. */
export const MinutesDraft = Type.Object(
  {
    text: Type.String({ maxLength: MINUTES_LIMITS.body, description: 'the notes, in Markdown' }),
    attendees: Type.Optional(
      Type.Union([AttendeeCount, Type.Null()], {
        description: 'how many took part',
        'x-message': 'error.badAttendeeCount',
        'x-params': { max: MINUTES_LIMITS.attendees },
      }),
    ),
    attendeeNames: Type.Optional(
      Type.String({ maxLength: MINUTES_LIMITS.names, description: 'only of those who agreed to be named' }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ text: '## Release\n\nWe agreed to ship in January.', attendees: 7 }],
  },
);
export type MinutesDraft = Static<typeof MinutesDraft>;

/** The meeting page's notes form: the notes and the version it was rendered with. */
export const MinutesForm = withVersion(MinutesDraft);

/** The meeting page's publish button: the version of the notes it publishes. */
export const MinutesPublication = withVersion(Type.Object({}));

export const NoteTaker = Type.Object(
  { email: Type.String({ maxLength: 320, description: 'the account of the member who takes the notes' }) },
  { additionalProperties: false, examples: [{ email: 'ada@example.org' }] },
);

/** The fields of the meeting page's decision form. */
export const DecisionProposal = Type.Object(
  {
    text: Type.String({ maxLength: MINUTES_LIMITS.decision }),
    ideaId: Type.Optional(IdeaReference),
    status: Type.Optional(
      Type.Enum([...IDEA_STATUSES], { description: 'moves the idea when the decision takes effect' }),
    ),
    reason: Type.Optional(
      Type.String({ maxLength: MINUTES_LIMITS.decision, description: 'kept as the idea’s status reason' }),
    ),
    proposal: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 99_999 }), Type.String({ maxLength: 20 })], {
        description: 'number of the enhancement proposal it concerns',
      }),
    ),
    proposalState: Type.Optional(
      Type.Union([Type.Enum([...PROPOSAL_STATES]), Type.Literal('')], {
        description:
          'moves the proposal when the decision takes effect; one of the states its transitions allow from where it stands',
      }),
    ),
    objectionHours: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_OBJECTION_HOURS,
        description: 'wait this long for objections (lazy consensus), counted from publishing',
        'x-message': 'error.badObjectionHours',
        'x-params': { max: MAX_OBJECTION_HOURS },
      }),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ text: 'Release notes go on the roadmap', ideaId: 'release-notes', status: 'roadmap' }],
  },
);
export type DecisionProposal = Static<typeof DecisionProposal>;

export const Objection = Type.Object(
  { reason: Type.String({ maxLength: MINUTES_LIMITS.decision }) },
  { additionalProperties: false },
);

// The domain checks the date itself (parseDate): the years it takes are narrower than `format`.
const Due = Type.String({ maxLength: 10, description: 'YYYY-MM-DD', 'x-message': 'error.badDate' });

export const ActionItemProposal = Type.Object(
  {
    text: Type.String({ maxLength: MINUTES_LIMITS.action }),
    assignee: Type.Optional(Type.String({ maxLength: MINUTES_LIMITS.assignee })),
    due: Type.Optional(Type.Union([Due, Type.Null()])),
    ideaId: Type.Optional(IdeaReference),
  },
  {
    additionalProperties: false,
    examples: [{ text: 'Draft the release notes', assignee: 'Ada', due: '2026-12-14' }],
  },
);
export type ActionItemProposal = Static<typeof ActionItemProposal>;

/** What a PATCH changes; `done` is the meeting page's tick box. */
export const ActionItemChange = Type.Object(
  {
    text: Type.Optional(Type.String({ maxLength: MINUTES_LIMITS.action })),
    assignee: Type.Optional(Type.String({ maxLength: MINUTES_LIMITS.assignee })),
    due: Type.Optional(Type.Union([Due, Type.Null()], { description: 'null clears it' })),
    done: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1, examples: [{ done: true }] },
);
export type ActionItemChange = Static<typeof ActionItemChange>;

/** The meeting page's tick box of an action item: its `done`, with the version it was shown at. */
export const ActionItemDone = withVersion(Type.Object({ done: Type.Boolean() }));
