import type { BoardItem } from '../../domain/board.js';
import { boardPath } from '../components/board-card.js';
import { Button } from '../components/button.js';
import { fieldLabels, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { type NominateForm, NominateSection } from '../components/nominate.js';
import { BOARD_FIELDS, ItemFields, type ItemFormValues } from './board.js';

export function itemFormValues(item: BoardItem): ItemFormValues {
  return {
    title: item.title,
    column: item.columnId,
    body: item.body,
    links: item.links.map((l) => l.url).join('\n'),
    labels: item.labels.join(', '),
    assignees: item.assignees.join(', '),
    idea: item.ideaSlug ?? '',
  };
}

/** Editing one card; after a conflict it holds what was typed and the version it now overwrites. */
export function ItemEditPage({
  ctx,
  item,
  boardSlug,
  values,
  version,
  errors,
  message,
  nominate = null,
}: FormPageProps & {
  item: BoardItem;
  boardSlug: string;
  values: ItemFormValues;
  version: number;
  /** The meeting series it can be nominated for, and a refused nomination's message. */
  nominate?: NominateForm | null;
}) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('board.editTitle', { title: item.title })}
      errors={errors}
      message={message}
      labels={fieldLabels(t, BOARD_FIELDS)}
    >
      <PostForm ctx={ctx} action={`/items/${item.id}/edit`} class="stack" novalidate>
        <input type="hidden" name="version" value={String(version)} />
        <ItemFields ctx={ctx} values={values} errors={errors} columns={null} />
        <Button variant="primary">{t('action.save')}</Button>
      </PostForm>
      {nominate && (
        <NominateSection
          ctx={ctx}
          action={`/items/${item.id}/nominate`}
          intro={t('nominate.introItem')}
          form={nominate}
        />
      )}
      <p>
        <a href={ctx.url(`${boardPath({ slug: boardSlug })}`)}>{t('board.back')}</a>
      </p>
    </FormPage>
  );
}
