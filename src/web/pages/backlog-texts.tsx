import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';

export type TextValues = Record<'intro.en' | 'intro.de' | 'disclaimer.en' | 'disclaimer.de', string>;

const FIELDS: [keyof TextValues, MessageKey][] = [
  ['intro.en', 'texts.introEn'],
  ['intro.de', 'texts.introDe'],
  ['disclaimer.en', 'texts.disclaimerEn'],
  ['disclaimer.de', 'texts.disclaimerDe'],
];

export function BacklogTextsPage({
  ctx,
  values,
  version,
  errors,
  message,
}: {
  ctx: PageContext;
  values: TextValues;
  version: number;
  errors: FieldErrors;
  message: string | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('texts.title')}>
      <h1>{t('texts.title')}</h1>
      <p>{t('texts.intro')}</p>
      <ErrorSummary errors={errors} message={message} />
      <form method="post" action={ctx.url('/backlog/texts')} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={String(version)} />
        {FIELDS.map(([name, label]) => (
          <Field key={name} name={name} label={t(label)} errors={errors}>
            {(attrs) => <textarea {...attrs} rows={5} value={values[name]} />}
          </Field>
        ))}
        <div class="actions">
          <button type="submit" class="primary">
            {t('action.save')}
          </button>
          <a href={ctx.url('/backlog')}>{t('action.cancel')}</a>
        </div>
      </form>
    </Layout>
  );
}
