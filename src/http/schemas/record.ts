import { Type } from 'typebox';
import { MINUTES_LIMITS } from '../../domain/minutes.js';
import { FormVersion } from './meetings.js';

/**
 * The inputs of a meeting's record — minutes, decisions, action items, the note-taker — as the
 * occurrence page's forms send them. The domain checks their content and reports every problem
 * of a form at once, so the fields here are text bounded well above the domain's own limits.
 * An objection is one field of text in both doors: its schema is the API's (minutes.ts).
 */

const text = (limit: number) => Type.String({ maxLength: 4 * limit });
const optionalText = (limit: number) => Type.Optional(text(limit));

export const MinutesDraft = Type.Object(
  {
    body: optionalText(MINUTES_LIMITS.body),
    attendeeCount: optionalText(20),
    attendeeNames: optionalText(MINUTES_LIMITS.names),
    version: FormVersion,
  },
  { additionalProperties: false },
);

export const MinutesPublication = Type.Object({ version: FormVersion }, { additionalProperties: false });

export const DecisionDraft = Type.Object(
  {
    text: text(MINUTES_LIMITS.decision),
    idea: optionalText(200),
    status: optionalText(40),
    reason: optionalText(MINUTES_LIMITS.decision),
    objectionHours: optionalText(20),
  },
  { additionalProperties: false },
);

export const ActionItemDraft = Type.Object(
  {
    text: text(MINUTES_LIMITS.action),
    assignee: optionalText(MINUTES_LIMITS.assignee),
    dueDate: optionalText(20),
    idea: optionalText(200),
  },
  { additionalProperties: false },
);

export const NoteTakerChoice = Type.Object({ noteTaker: optionalText(320) }, { additionalProperties: false });

export const ActionItemDone = Type.Object(
  { version: FormVersion, done: Type.Boolean() },
  { additionalProperties: false },
);
