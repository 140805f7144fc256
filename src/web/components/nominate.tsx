import type { PageContext } from '../page-context.js';
import { ErrorSummary, Field, type FieldErrors, PostForm } from './form.js';
import { Section } from './section.js';

export interface NominateForm {
  series: { slug: string; title: string }[];
  message: string | null;
  errors: FieldErrors;
  /** Whether an admin lets every member nominate (a proposal's page says what the button does). */
  membersNominate?: boolean;
}

/** The form that puts an idea or a board item on the next meeting's agenda. */
export function NominateSection({
  ctx,
  action,
  intro,
  form,
}: {
  ctx: PageContext;
  action: string;
  /** What the button does, in the page's words. */
  intro: string;
  form: NominateForm;
}) {
  const { t } = ctx;
  // No series to offer (or no right to nominate): a refusal is still said.
  if (form.series.length === 0)
    return form.message ? (
      <ErrorSummary errors={form.errors} message={form.message} scope="nominate" />
    ) : null;
  return (
    <Section name="nominate" title={t('nominate.heading')} class="panel">
      <ErrorSummary errors={form.errors} message={form.message} scope="nominate" />
      <PostForm ctx={ctx} action={action} class="stack">
        <p class="hint">{intro}</p>
        {form.series.length === 1 ? (
          <input type="hidden" name="series" value={form.series[0]?.slug ?? ''} />
        ) : (
          <Field name="series" scope="nominate" label={t('nominate.series')} errors={form.errors}>
            {(attrs) => (
              <select {...attrs}>
                {form.series.map((s) => (
                  <option key={s.slug} value={s.slug}>
                    {s.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <button type="submit">{t('nominate.submit')}</button>
      </PostForm>
    </Section>
  );
}
