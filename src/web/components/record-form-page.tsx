import type { ComponentChildren } from 'preact';
import type { PageContext } from '../page-context.js';
import { type FieldErrors, OnceField, PostForm } from './form.js';
import { FormPage } from './form-page.js';

/**
 * The page that makes a record or edits one: a new one's form carries a once-only key against
 * double submits, an edit carries the version it was read at, and both end in Save and Cancel.
 * The fields come as children; `after` follows the form (what is stored now, after a conflict).
 */
export function RecordFormPage({
  ctx,
  title,
  action,
  version,
  cancelHref,
  labels,
  errors,
  message,
  children,
  after,
}: {
  ctx: PageContext;
  title: string;
  action: string;
  /** The version an edit was read at; null for a new record. */
  version: number | null;
  cancelHref: string;
  labels: Record<string, string>;
  errors: FieldErrors;
  message: string | null;
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={title} errors={errors} message={message} labels={labels}>
      <PostForm ctx={ctx} action={action} novalidate>
        {version === null ? (
          <OnceField ctx={ctx} />
        ) : (
          <input type="hidden" name="version" value={String(version)} />
        )}
        {children}
        <button type="submit">{t('action.save')}</button>{' '}
        <a href={ctx.url(cancelHref)}>{t('action.cancel')}</a>
      </PostForm>
      {after}
    </FormPage>
  );
}
