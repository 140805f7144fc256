import type { ImportPlan } from '../../app/page-import.js';
import type { ScheduleReading } from '../../domain/schedule-reading.js';
import { Button } from '../components/button.js';
import { Field, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { PlanList } from '../components/plan-list.js';
import { type ScheduleAnswerValues, ScheduleQuestionsPanel } from '../components/schedule-questions.js';
import { planLines } from '../import-plan-text.js';
import type { PageContext } from '../page-context.js';

/** The page as uploaded or pasted, its language, and the answers to what it does not say. */
export type ImportFormValues = ScheduleAnswerValues;

/** The upload form, and after a preview the list of changes with a confirm button. */
export function DocsImportPage({
  ctx,
  values,
  errors,
  message,
  plan,
  questions,
}: FormPageProps & {
  values: ImportFormValues;
  plan: ImportPlan | null;
  /** What the page says of its schedule when it leaves parts open: they are asked first. */
  questions: ScheduleReading | null;
}) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('docs.importTitle')}
      intro={t('docs.importIntro')}
      errors={errors}
      message={message}
    >
      {questions && <ScheduleQuestionsPanel ctx={ctx} reading={questions} values={values} errors={errors} />}
      {plan && <ImportPreview ctx={ctx} plan={plan} values={values} />}
      <PostForm ctx={ctx} action="/docs/import" encType="multipart/form-data" class="stack" novalidate>
        <input type="hidden" name="action" value="preview" />
        <Field name="file" label={t('docs.file')} errors={errors}>
          {(attrs) => <input {...attrs} type="file" accept=".md,.markdown,text/markdown,text/plain" />}
        </Field>
        <Field name="text" label={t('docs.text')} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={10} value={plan || questions ? '' : values.text} />}
        </Field>
        <Field name="lang" label={t('docs.pageLanguage')} errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              <option value="en" selected={values.lang !== 'de'}>
                English
              </option>
              <option value="de" selected={values.lang === 'de'}>
                Deutsch
              </option>
            </select>
          )}
        </Field>
        <button type="submit">{t('docs.preview')}</button>
      </PostForm>
      <p>
        <a href={ctx.url('/docs/planning.md')}>{t('docs.exportLink')}</a>
      </p>
    </FormPage>
  );
}

/** What an import would change, what it assumed, and the button that applies it. */
function ImportPreview({
  ctx,
  plan,
  values,
}: {
  ctx: PageContext;
  plan: ImportPlan;
  values: ImportFormValues;
}) {
  const { t } = ctx;
  const report = planLines(plan, t, ctx.locale);
  return (
    <section class="panel" aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('docs.previewTitle')}</h2>
      {report.assumptions.length > 0 && (
        <ul class="assumptions">
          {report.assumptions.map((a) => (
            <li key={a}>{a}</li>
          ))}
        </ul>
      )}
      <PlanList lines={report.changes} />
      {report.notOnPage && (
        <details>
          <summary>{report.notOnPage.text}</summary>
          <ul>
            {report.notOnPage.items.map((title) => (
              <li key={title}>{title}</li>
            ))}
          </ul>
        </details>
      )}
      {!plan.unchanged && (
        <PostForm ctx={ctx} action="/docs/import">
          <input type="hidden" name="text" value={values.text} />
          {(['lang', 'weekday', 'weekRule', 'startTime', 'endTime', 'timeZone'] as const).map((name) => (
            <input key={name} type="hidden" name={name} value={values[name]} />
          ))}
          <input type="hidden" name="action" value="apply" />
          <Button variant="primary">{t('docs.apply')}</Button>
        </PostForm>
      )}
    </section>
  );
}
