import { Type } from 'typebox';
import { MARK_MAX } from '../../app/notifications.js';
import { MAIL_CHOICES, NOTIFICATION_KINDS } from '../../domain/notifications.js';

/** The inputs and answers of one's inbox; the page's forms send the same fields. */

const NotificationId = Type.String({ maxLength: 100, description: 'A notification’s id' });

/** Which entries to mark read: some by id, or `all`. The page sends one id, or `all` alone. */
export const MarkReadBody = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(NotificationId, {
        maxItems: MARK_MAX,
        description: `At most ${MARK_MAX}; one that is not yours is not found (404) and nothing is marked`,
      }),
    ),
    all: Type.Optional(Type.Boolean({ description: 'true: every unread entry' })),
  },
  {
    additionalProperties: false,
    examples: [{ ids: ['01938f0c-0000-7000-8000-000000000001'] }, { all: true }],
  },
);

export const MarkReadAnswer = Type.Object(
  {
    marked: Type.Integer({ minimum: 0, description: 'How many were unread and are read now' }),
    unread: Type.Integer({ minimum: 0, description: 'How many stay unread' }),
  },
  { examples: [{ marked: 1, unread: 4 }] },
);

export const UnreadCount = Type.Object(
  { unread: Type.Integer({ minimum: 0 }) },
  { examples: [{ unread: 3 }] },
);

const Kind = Type.Enum([...NOTIFICATION_KINDS], { description: 'The event, as webhooks name it' });

export const NotificationSchema = Type.Object({
  id: Type.String(),
  kind: Kind,
  thread: Type.Object({
    type: Type.String({ description: 'idea, topic, decision or meeting' }),
    id: Type.String(),
    title: Type.String(),
  }),
  path: Type.String({ description: 'The page it concerns, below the hub’s base path' }),
  actor: Type.Union([
    Type.Object({ id: Type.Union([Type.String(), Type.Null()]), name: Type.String() }),
    Type.Null(),
  ]),
  data: Type.Record(Type.String(), Type.Union([Type.String(), Type.Null()]), {
    description:
      'What the event says besides its thread: `excerpt` of a comment, `from`, `to` and `reason` of a status change, `text`, `dueDate` and `date` of an action item',
  }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

/** The hour of the daily digest on the member's own clock. */
const DigestHour = Type.Integer({
  minimum: 0,
  maximum: 23,
  description:
    'The hour (0–23) the daily digest comes at, on your own clock: your profile’s time zone, UTC without one. Left out: as it was (08 at first)',
  'x-message': 'notifications.digestHourRange',
});

/** What reaches a member by mail. */
export const NotificationSettingsBody = Type.Object(
  {
    mail: Type.Enum([...MAIL_CHOICES], {
      description:
        'each: a mail for each event; digest: one mail a day bundling what came since the last one, at `digestHour`; never: none',
      'x-message': 'notifications.mailChoice',
    }),
    digestHour: Type.Optional(DigestHour),
    muted: Type.Optional(
      Type.Array(Kind, {
        maxItems: NOTIFICATION_KINDS.length,
        description: 'Kinds whose mail is off (an unsubscribe link adds one); left out: unchanged',
      }),
    ),
  },
  { additionalProperties: false, examples: [{ mail: 'never' }, { mail: 'digest', digestHour: 8 }] },
);

export const NotificationSettingsSchema = Type.Object({
  mail: Type.Enum([...MAIL_CHOICES]),
  digestHour: DigestHour,
  muted: Type.Array(Kind),
});
