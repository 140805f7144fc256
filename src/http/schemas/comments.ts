import { Type } from 'typebox';
import { COMMENT_LIMITS } from '../../domain/comment.js';

/**
 * The inputs of the comment use-cases, read by the API and the forms alike. The schema bounds
 * what is read (twice the limit, in UTF-16 units); the domain counts characters of the trimmed text.
 */

export const CommentParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

const body = Type.String({
  maxLength: COMMENT_LIMITS.body * 2,
  description: 'Markdown, 1–10 000 characters',
});
const reason = Type.String({ maxLength: COMMENT_LIMITS.reason * 2 });

export const NewCommentBody = Type.Object(
  {
    body,
    parentId: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 100, description: 'the first comment of the thread a reply joins' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false, examples: [{ body: 'Would this also cover *drafts*?' }] },
);

export const CommentEdit = Type.Object({ body }, { additionalProperties: false });

/** Why a maintainer hides a comment, or a member reports one. */
export const CommentReason = Type.Object(
  { reason },
  { additionalProperties: false, examples: [{ reason: 'Personal attack' }] },
);

/** A maintainer dismisses one report of a comment (`reportId`), or every open one, with a note. */
export const ReportDismissal = Type.Object(
  {
    reportId: Type.Optional(
      Type.String({ maxLength: 100, description: 'one report; absent: all open ones' }),
    ),
    note: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false, examples: [{ note: 'Checked: a fair criticism, not an attack' }] },
);
