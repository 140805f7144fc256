import type { ScheduleReading } from '../../domain/schedule-reading.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { foundLines, noteText } from '../schedule-found-text.js';
import { Field, type FieldErrors, PostForm } from './form.js';
import { WeekdayField } from './weekday-field.js';

/** The answers as typed, and what carries the page along between the questions and the preview. */
export interface ScheduleAnswerValues {
  text: string;
  lang: string;
  weekday: string;
  weekRule: string;
  startTime: string;
  endTime: string;
  timeZone: string;
}

const WEEKS: [string, MessageKey][] = [
  ['every', 'docs.weeks.every'],
  ['odd', 'docs.weeks.odd'],
  ['even', 'docs.weeks.even'],
];

/** What the page says about its meetings, part by part, and what the reader noticed. */
export function ScheduleFound({ ctx, reading }: { ctx: PageContext; reading: ScheduleReading }) {
  const { t } = ctx;
  const lines = foundLines(reading, t, ctx.locale);
  return (
    <>
      <h2 id="found-heading">{t('docs.foundTitle')}</h2>
      {lines.every((l) => l.value === null) && <p>{t('docs.foundNothing')}</p>}
      <dl class="found">
        {lines.map((l) => (
          <div key={l.part}>
            <dt>{l.label}</dt>
            <dd>
              {l.value ?? <em>{t('docs.notSaid')}</em>}
              {l.source && <span class="hint"> ({l.source})</span>}
            </dd>
          </div>
        ))}
      </dl>
      {reading.notes.length > 0 && (
        <>
          <p>{t('docs.noticed')}</p>
          <ul>
            {reading.notes.map((n) => (
              <li key={n.key + JSON.stringify(n.params)}>{noteText(n, t, ctx.locale)}</li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** A field for each part asked; the parts not asked ride along as they were answered before. */
function AnswerFields({
  ctx,
  asks,
  values,
  errors,
}: {
  ctx: PageContext;
  asks: Set<string>;
  values: ScheduleAnswerValues;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <>
      {asks.has('weekday') ? (
        <WeekdayField ctx={ctx} label={t('series.weekday')} value={values.weekday} errors={errors} empty="" />
      ) : (
        <input type="hidden" name="weekday" value={values.weekday} />
      )}
      {asks.has('weekRule') ? (
        <Field name="weekRule" label={t('docs.weeks')} errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              <option value="" />
              {WEEKS.map(([value, label]) => (
                <option key={value} value={value} selected={values.weekRule === value}>
                  {t(label)}
                </option>
              ))}
            </select>
          )}
        </Field>
      ) : (
        <input type="hidden" name="weekRule" value={values.weekRule} />
      )}
      {asks.has('startTime') ? (
        <Field name="startTime" label={t('docs.startTime')} hint={t('docs.timeHint')} errors={errors}>
          {(attrs) => <input {...attrs} type="time" value={values.startTime} />}
        </Field>
      ) : (
        <input type="hidden" name="startTime" value={values.startTime} />
      )}
      {asks.has('endTime') ? (
        <Field name="endTime" label={t('docs.endTime')} errors={errors}>
          {(attrs) => <input {...attrs} type="time" value={values.endTime} />}
        </Field>
      ) : (
        <input type="hidden" name="endTime" value={values.endTime} />
      )}
      {asks.has('timeZone') ? (
        <Field name="timeZone" label={t('series.timeZone')} hint={t('series.timeZoneHint')} errors={errors}>
          {(attrs) => (
            <input
              {...attrs}
              type="text"
              value={values.timeZone}
              placeholder="Europe/Berlin"
              autocomplete="off"
            />
          )}
        </Field>
      ) : (
        <input type="hidden" name="timeZone" value={values.timeZone} />
      )}
    </>
  );
}

/**
 * The parts of the schedule the page leaves open, asked with the fields of a series; the page
 * itself rides along, so answering needs no second upload.
 */
export function ScheduleQuestionsPanel({
  ctx,
  reading,
  values,
  errors,
}: {
  ctx: PageContext;
  reading: ScheduleReading;
  values: ScheduleAnswerValues;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <section class="panel" aria-labelledby="found-heading">
      <ScheduleFound ctx={ctx} reading={reading} />
      <h2>{t('docs.askTitle')}</h2>
      <p>{t('docs.askIntro')}</p>
      <PostForm ctx={ctx} action="/docs/import" class="stack" novalidate>
        <input type="hidden" name="action" value="preview" />
        <input type="hidden" name="text" value={values.text} />
        <input type="hidden" name="lang" value={values.lang} />
        <AnswerFields ctx={ctx} asks={new Set(reading.missing)} values={values} errors={errors} />
        <button type="submit" class="primary">
          {t('docs.preview')}
        </button>
      </PostForm>
    </section>
  );
}
