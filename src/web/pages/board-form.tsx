import { Button } from '../components/button.js';
import { Field, fieldLabels, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { GroupField, type GroupFieldState } from '../components/group-field.js';
import type { MessageKey } from '../i18n/index.js';

const BOARD_SETTINGS_FIELDS = {
  title: 'board.boardTitle',
  group: 'groups.field',
} as const satisfies Record<string, MessageKey>;

interface BoardFormProps extends FormPageProps {
  board: { slug: string; version: number };
  title: string;
  group: GroupFieldState;
}

/** A board's own settings: its title and the group whose board it is. */
export function BoardFormPage({ ctx, board, title, group, errors, message }: BoardFormProps) {
  const { t } = ctx;
  const path = `/boards/${encodeURIComponent(board.slug)}`;
  return (
    <FormPage
      ctx={ctx}
      title={t('board.editBoard')}
      errors={errors}
      message={message}
      labels={fieldLabels(t, BOARD_SETTINGS_FIELDS)}
    >
      <PostForm ctx={ctx} action={`${path}/edit`} class="stack" novalidate>
        <input type="hidden" name="version" value={String(board.version)} />
        <Field name="title" label={t(BOARD_SETTINGS_FIELDS.title)} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={title} required maxLength={200} />}
        </Field>
        <GroupField ctx={ctx} state={group} errors={errors} />
        <div class="actions">
          <Button variant="primary">{t('action.save')}</Button>
          <a href={ctx.url(path)}>{t('action.cancel')}</a>
        </div>
      </PostForm>
    </FormPage>
  );
}
