import type { Occurrence } from '../../domain/recurrence.js';
import type { PageContext } from '../page-context.js';
import { ErrorSummary, Field, type FieldErrors, fieldLabels, PostButton, PostForm } from './form.js';

export interface ChangeFormState {
  errors: FieldErrors;
  message: string | null;
  values: Record<string, string>;
}

interface OnThePage {
  ctx: PageContext;
  occurrence: Occurrence;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
}

/** The maintainers' forms that cancel, move or restore a meeting that is still ahead. */
export function ManageOccurrence({
  ctx,
  occurrence,
  base,
  form,
}: OnThePage & { form: ChangeFormState | undefined }) {
  const { t } = ctx;
  const errors = form?.errors ?? {};
  const values = form?.values ?? {};
  return (
    <details class="panel" id="manage" open={form !== undefined}>
      <summary>{t('meetings.manage')}</summary>
      <ErrorSummary
        errors={errors}
        message={form?.message ?? null}
        labels={fieldLabels(t, {
          reason: 'meetings.cancelReason',
          newDate: 'meetings.newDate',
          newStartTime: 'meetings.newStartTime',
          newDurationMinutes: 'meetings.newDuration',
        })}
      />
      {occurrence.status !== 'cancelled' && (
        <PostForm ctx={ctx} action={`${base}/cancel`} class="stack">
          <Field name="reason" label={t('meetings.cancelReason')} errors={errors}>
            {(attrs) => (
              <input {...attrs} type="text" value={values.reason ?? ''} required maxLength={2000} />
            )}
          </Field>
          <button type="submit">{t('meetings.cancel')}</button>
        </PostForm>
      )}
      {occurrence.status !== 'extra' && (
        <PostForm ctx={ctx} action={`${base}/move`} class="stack">
          <Field name="newDate" label={t('meetings.newDate')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="date"
                value={values.newDate ?? occurrence.start.toPlainDate().toString()}
                required
              />
            )}
          </Field>
          <Field name="newStartTime" label={t('meetings.newStartTime')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="time"
                value={
                  values.newStartTime ?? occurrence.start.toPlainTime().toString({ smallestUnit: 'minute' })
                }
                required
              />
            )}
          </Field>
          <Field name="newDurationMinutes" label={t('meetings.newDuration')} errors={errors}>
            {(attrs) => (
              <input
                {...attrs}
                type="number"
                min={1}
                max={1440}
                value={
                  values.newDurationMinutes ?? String(occurrence.start.until(occurrence.end).total('minutes'))
                }
                required
              />
            )}
          </Field>
          <button type="submit">{t('meetings.move')}</button>
        </PostForm>
      )}
      {(occurrence.status === 'cancelled' || occurrence.status === 'moved') && (
        <PostButton ctx={ctx} action={`${base}/restore`} label={t('meetings.restore')} />
      )}
    </details>
  );
}
