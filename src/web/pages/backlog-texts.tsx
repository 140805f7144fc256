import { Button } from '../components/button.js';
import { Field, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import type { MessageKey } from '../i18n/index.js';

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
}: FormPageProps & {
  values: TextValues;
  version: number;
}) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('texts.title')} intro={t('texts.intro')} errors={errors} message={message}>
      <PostForm ctx={ctx} action="/backlog/texts" class="stack" novalidate>
        <input type="hidden" name="version" value={String(version)} />
        {FIELDS.map(([name, label]) => (
          <Field key={name} name={name} label={t(label)} errors={errors}>
            {(attrs) => <textarea {...attrs} rows={5} value={values[name]} />}
          </Field>
        ))}
        <div class="actions">
          <Button variant="primary">{t('action.save')}</Button>
          <a href={ctx.url('/backlog')}>{t('action.cancel')}</a>
        </div>
      </PostForm>
    </FormPage>
  );
}
