import { Type } from 'typebox';
import { COMMENT_TARGETS } from '../../domain/comment.js';

/**
 * The inputs and answers of interest, following and public profiles. The API says yes and no by
 * its method (PUT and DELETE, without a body); a form says it in one field.
 */

/** A form's "I want this too" (true) or taking it back (false). */
export const InterestChange = Type.Object({ interested: Type.Boolean() }, { additionalProperties: false });

/** A form's follow (true) or unfollow (false). */
export const FollowChange = Type.Object({ follow: Type.Boolean() }, { additionalProperties: false });

export const InterestStateSchema = Type.Object(
  {
    interested: Type.Boolean({ description: 'Whether the caller is interested now' }),
    changed: Type.Boolean({ description: 'False when it was so already: saying it twice is one interest' }),
    count: Type.Integer({ minimum: 0, description: 'How many members are interested now' }),
  },
  { examples: [{ interested: true, changed: true, count: 3 }] },
);

export const InterestedSchema = Type.Object({
  id: Type.String({ description: 'The member’s id (their profile: /people/{id})' }),
  name: Type.String(),
  at: Type.String({ format: 'date-time', description: 'When they said so' }),
});

export const FollowStateSchema = Type.Object(
  {
    following: Type.Boolean({ description: 'Whether the caller follows it now' }),
    changed: Type.Boolean({ description: 'False when it was so already: following twice is one follow' }),
  },
  { examples: [{ following: true, changed: false }] },
);

export const FollowSchema = Type.Object({
  kind: Type.Union([
    Type.Literal('idea'),
    Type.Literal('series'),
    Type.Literal('board'),
    Type.Literal('group'),
    Type.Literal('proposal'),
  ]),
  id: Type.String(),
  slug: Type.Union([Type.String(), Type.Null()]),
  title: Type.Union([Type.String(), Type.Null()]),
  followedAt: Type.String({ format: 'date-time' }),
});

export const PersonParams = Type.Object({
  id: Type.String({ maxLength: 200, description: 'The person’s id' }),
});

export const ProfileSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  handle: Type.String({ description: 'what @handle in a comment names' }),
  since: Type.String({ format: 'date-time' }),
  ideas: Type.Array(
    Type.Object({
      id: Type.String(),
      slug: Type.String(),
      title: Type.String(),
      status: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
    }),
  ),
  topics: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      status: Type.String(),
      occurrence: Type.String({ format: 'date' }),
      seriesSlug: Type.String(),
      seriesTitle: Type.String(),
    }),
  ),
  comments: Type.Array(
    Type.Object({
      id: Type.String(),
      targetType: Type.Enum([...COMMENT_TARGETS]),
      targetTitle: Type.String(),
      path: Type.String({ description: 'The comment in its thread, e.g. /ideas/{slug}#comment-{id}' }),
      state: Type.Enum(['visible', 'hidden', 'held', 'rejected'], {
        description: 'hidden, held (for review) or rejected: listed to its author and maintainers only',
      }),
      body: Type.String({ description: 'Markdown' }),
      createdAt: Type.String({ format: 'date-time' }),
      editedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});
