import type { Comment } from '../../domain/comment.js';
import { COMMENT_LIMITS } from '../../domain/comment.js';
import type { PageContext } from '../page-context.js';
import { Button } from './button.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, OnceField } from './form.js';

/** A comment form shown again after a refusal: which one (`new`, `reply:<id>`, `edit:<id>` …), as typed. */
export interface CommentFormState {
  form: string;
  values: Record<string, string>;
  errors: FieldErrors;
  message: string | null;
}

/** The state of the form named `name`, when it is the one shown again. */
export function stateOf(state: CommentFormState | null, name: string): CommentFormState | null {
  return state?.form === name ? state : null;
}

/** The script that suggests members after `@` (mentions.js) reads these. */
export function mentionAttributes(ctx: PageContext) {
  const { t } = ctx;
  return {
    'data-mentions': ctx.url('/api/v1/people'),
    'data-mention-label': t('mention.list'),
    'data-mention-found': t('mention.found'),
    'data-mention-none': t('mention.none'),
  };
}

/** A new comment, or a reply to the thread `parentId`. */
export function CommentForm({
  ctx,
  action,
  parentId,
  state,
}: {
  ctx: PageContext;
  action: string;
  parentId?: string;
  state: CommentFormState | null;
}) {
  const { t } = ctx;
  const scope = parentId ? `reply-${parentId}` : 'comment';
  const errors = state?.errors ?? {};
  return (
    <form method="post" action={ctx.url(action)} class="comment-form">
      <ErrorSummary errors={errors} message={state?.message ?? null} scope={scope} />
      <CsrfField ctx={ctx} />
      <OnceField ctx={ctx} />
      {parentId && <input type="hidden" name="parentId" value={parentId} />}
      <Field
        name="body"
        scope={scope}
        label={parentId ? t('comment.reply') : t('comment.new')}
        hint={`${t('comment.markdownHint')} ${t('mention.hint')}`}
        errors={errors}
      >
        {(attrs) => (
          <textarea
            {...attrs}
            {...mentionAttributes(ctx)}
            rows={parentId ? 3 : 5}
            maxLength={COMMENT_LIMITS.body}
            required
            value={state?.values.body ?? ''}
          />
        )}
      </Field>
      <Button variant="primary">{parentId ? t('comment.sendReply') : t('comment.send')}</Button>
    </form>
  );
}

/** A small form behind a disclosure: one text field (or none) and its button. */
function ActionForm({
  ctx,
  comment,
  name,
  label,
  field,
  button,
  state,
  danger,
}: {
  ctx: PageContext;
  comment: Comment;
  name: 'edit' | 'hide' | 'report' | 'delete';
  label: string;
  field: { name: 'body' | 'reason'; label: string; value: string; rows: number; max: number } | null;
  button: string;
  state: CommentFormState | null;
  danger?: boolean;
}) {
  const scope = `${name}-${comment.id}`;
  const errors = state?.errors ?? {};
  return (
    <details class="comment-action" open={state !== null}>
      <summary>{label}</summary>
      <form method="post" action={ctx.url(`/comments/${comment.id}/${name}`)}>
        <ErrorSummary errors={errors} message={state?.message ?? null} scope={scope} />
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(comment.version)} />
        {field && (
          <Field name={field.name} scope={scope} label={field.label} errors={errors}>
            {(attrs) => (
              <textarea
                {...attrs}
                rows={field.rows}
                maxLength={field.max}
                required
                value={state?.values[field.name] ?? field.value}
              />
            )}
          </Field>
        )}
        <Button variant={danger ? 'danger' : 'primary'}>{button}</Button>
      </form>
    </details>
  );
}

/** What the reader may do with a comment: edit or delete their own, hide (maintainers) or report others'. */
export function CommentActions({
  ctx,
  comment,
  own,
  mayHide,
  history,
  state,
}: {
  ctx: PageContext;
  comment: Comment;
  own: boolean;
  mayHide: boolean;
  /** The reader may read the comment's earlier texts. */
  history: boolean;
  state: CommentFormState | null;
}) {
  const { t } = ctx;
  const open = (name: string) => stateOf(state, `${name}:${comment.id}`);
  const reason = { name: 'reason' as const, value: '', rows: 2, max: COMMENT_LIMITS.reason };
  const shown = comment.state === 'visible';
  return (
    <div class="comment-actions">
      {own && shown && (
        <ActionForm
          ctx={ctx}
          comment={comment}
          name="edit"
          label={t('comment.edit')}
          field={{
            name: 'body',
            label: t('comment.text'),
            value: comment.body ?? '',
            rows: 5,
            max: COMMENT_LIMITS.body,
          }}
          button={t('comment.save')}
          state={open('edit')}
        />
      )}
      {own && comment.state !== 'deleted' && (
        <ActionForm
          ctx={ctx}
          comment={comment}
          name="delete"
          label={t('comment.delete')}
          field={null}
          button={t('comment.deleteConfirm')}
          state={open('delete')}
          danger
        />
      )}
      {mayHide && shown && (
        <ActionForm
          ctx={ctx}
          comment={comment}
          name="hide"
          label={t('comment.hide')}
          field={{ ...reason, label: t('comment.hideReason') }}
          button={t('comment.hideConfirm')}
          state={open('hide')}
        />
      )}
      {!own && shown && (
        <ActionForm
          ctx={ctx}
          comment={comment}
          name="report"
          label={t('comment.report')}
          field={{ ...reason, label: t('comment.reportReason') }}
          button={t('comment.reportConfirm')}
          state={open('report')}
        />
      )}
      {history && comment.editedAt && comment.state !== 'deleted' && (
        <a href={ctx.url(`/comments/${comment.id}/history`)}>{t('comment.history')}</a>
      )}
    </div>
  );
}
