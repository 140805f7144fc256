import { Button } from '../components/button.js';
import { Field, fieldLabels, OnceField, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { GroupField, type GroupFieldState } from '../components/group-field.js';
import type { MessageKey } from '../i18n/index.js';

const BOARD_SETTINGS_FIELDS = {
  title: 'board.boardTitle',
  group: 'groups.field',
} as const satisfies Record<string, MessageKey>;

interface BoardFormProps extends FormPageProps {
  /** The board whose settings these are, read at `version`; 'new' for the form that makes one. */
  board: { slug: string; version: number } | 'new';
  title: string;
  group: GroupFieldState;
  /** Where cancelling leads on the form of a new board (the page it was opened from). */
  back?: string;
}

/** A board's own settings, or a new board's: its title and the group whose board it is. */
export function BoardFormPage({ ctx, board, title, group, errors, message, back }: BoardFormProps) {
  const { t } = ctx;
  const isNew = board === 'new';
  const path = isNew ? (back ?? '/board') : `/boards/${encodeURIComponent(board.slug)}`;
  return (
    <FormPage
      ctx={ctx}
      title={t(isNew ? 'board.new' : 'board.editBoard')}
      errors={errors}
      message={message}
      labels={fieldLabels(t, BOARD_SETTINGS_FIELDS)}
    >
      <PostForm ctx={ctx} action={isNew ? '/boards' : `${path}/edit`} class="stack" novalidate>
        {isNew ? (
          <OnceField ctx={ctx} />
        ) : (
          <input type="hidden" name="version" value={String(board.version)} />
        )}
        <Field name="title" label={t(BOARD_SETTINGS_FIELDS.title)} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={title} required maxLength={200} />}
        </Field>
        <GroupField ctx={ctx} state={group} errors={errors} />
        <div class="actions">
          <Button variant="primary">{t(isNew ? 'board.create' : 'action.save')}</Button>
          <a href={ctx.url(path)}>{t('action.cancel')}</a>
        </div>
      </PostForm>
    </FormPage>
  );
}
