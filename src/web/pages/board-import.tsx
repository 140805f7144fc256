import type { GithubImportReport } from '../../app/github-import.js';
import { MAX_IMPORT_BYTES } from '../../domain/github-project.js';
import { megabytes } from '../../domain/text.js';
import { boardPath } from '../components/board-card.js';
import { Button } from '../components/button.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { PlanList } from '../components/plan-list.js';
import type { PlanLine } from '../import-plan-text.js';
import type { PageContext } from '../page-context.js';

export interface BoardImportValues {
  fields: string;
  dryRun: boolean;
}

function ReportLines({ ctx, report }: { ctx: PageContext; report: GithubImportReport }) {
  const { t } = ctx;
  const lines: PlanLine[] = [
    { text: t('import.created', { count: report.created }), items: [] },
    { text: t('import.updated', { count: report.updated }), items: [] },
    { text: t('import.unchanged', { count: report.unchanged }), items: [] },
  ];
  if (report.columnsCreated.length > 0) {
    lines.push({
      text: t('import.columns', { count: report.columnsCreated.length }),
      items: [...report.columnsCreated],
    });
  }
  return <PlanList lines={lines} />;
}

/**
 * Uploading `gh project item-list … --format json` (and optionally the field list): a preview
 * first, then the import in one go.
 */
export function BoardImportPage({
  ctx,
  boardSlug,
  values,
  errors,
  message,
  preview,
  done,
}: {
  ctx: PageContext;
  boardSlug: string;
  values: BoardImportValues;
  errors: FieldErrors;
  message: string | null;
  preview: GithubImportReport | null;
  done: GithubImportReport | null;
}) {
  const { t } = ctx;
  const target = ctx.url(`/boards/${encodeURIComponent(boardSlug)}/import`);
  return (
    <Layout ctx={ctx} title={t('import.title')}>
      <h1>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <pre>
        <code>
          gh project item-list 1 --owner ORG --format json --limit 5000 &gt; items.json{'\n'}gh project
          field-list 1 --owner ORG --format json &gt; fields.json
        </code>
      </pre>
      <ErrorSummary errors={errors} message={message} />
      {done && (
        <section class="panel" aria-labelledby="import-done" role="status">
          <h2 id="import-done">{t('import.doneTitle')}</h2>
          <ReportLines ctx={ctx} report={done} />
          <p>
            <a href={ctx.url(boardPath({ slug: boardSlug }))}>{t('board.back')}</a>
          </p>
        </section>
      )}
      {preview && (
        <section class="panel" aria-labelledby="import-preview">
          <h2 id="import-preview">{t('import.previewTitle')}</h2>
          <ReportLines ctx={ctx} report={preview} />
          <p>
            {preview.created + preview.updated + preview.columnsCreated.length > 0
              ? t('import.previewHint')
              : t('import.nothing')}
          </p>
        </section>
      )}
      <form method="post" action={target} encType="multipart/form-data" class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <Field
          name="file"
          label={t('import.itemsFile')}
          hint={t('import.sizeHint', { max: megabytes(MAX_IMPORT_BYTES) })}
          errors={errors}
        >
          {(attrs) => <input {...attrs} type="file" accept=".json,application/json" />}
        </Field>
        <Field name="fields" label={t('import.fieldsText')} hint={t('import.fieldsHint')} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={4} value={values.fields} />}
        </Field>
        <label>
          <input type="checkbox" name="dryRun" value="true" checked={values.dryRun} /> {t('import.dryRun')}
        </label>
        <Button variant="primary">{t('import.submit')}</Button>
      </form>
    </Layout>
  );
}
