import { MONTH_ORDINALS } from '../../domain/schedule.js';
import type { Series } from '../../domain/series.js';
import { Button } from '../components/button.js';
import { Field, type FieldErrors, fieldLabels, OnceField, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { GroupField, type GroupFieldState } from '../components/group-field.js';
import { WeekdayField } from '../components/weekday-field.js';
import type { MessageKey } from '../i18n/index.js';
import { ordinalKey } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

/** The series form's fields exactly as typed. */
export type SeriesFormValues = Record<
  | 'title'
  | 'purpose'
  | 'weekday'
  | 'startTime'
  | 'durationMinutes'
  | 'timeZone'
  | 'weekRule'
  | 'interval'
  | 'ordinal'
  | 'afterWeekday'
  | 'startDate'
  | 'endDate'
  | 'platform'
  | 'joinUrl'
  | 'notesUrl'
  | 'recordingsUrl'
  | 'languages'
  | 'invitationInfo'
  | 'contributeNote',
  string
> & { recorded: boolean; remind24h: boolean; remind15m: boolean };

export function seriesFormValues(series: Series): SeriesFormValues {
  const s = series.schedule;
  return {
    title: series.title,
    purpose: series.purpose,
    weekday: String(s.weekday),
    startTime: s.startTime,
    durationMinutes: String(s.durationMinutes),
    timeZone: s.timeZone,
    weekRule: s.weekRule.kind,
    interval: s.weekRule.kind === 'interval' ? String(s.weekRule.interval) : '2',
    ordinal:
      s.weekRule.kind === 'monthly' || s.weekRule.kind === 'monthlyAfter' ? String(s.weekRule.ordinal) : '1',
    afterWeekday: s.weekRule.kind === 'monthlyAfter' ? String(s.weekRule.after) : '2',
    startDate: s.startDate,
    endDate: s.endDate ?? '',
    platform: series.platform,
    joinUrl: series.joinUrl ?? '',
    notesUrl: series.notesUrl ?? '',
    recordingsUrl: series.recordingsUrl ?? '',
    languages: series.languages,
    invitationInfo: series.invitationInfo,
    contributeNote: series.contributeNote,
    recorded: series.recorded,
    remind24h: series.remind24h,
    remind15m: series.remind15m,
  };
}

export function emptySeriesForm(today: string): SeriesFormValues {
  return {
    title: '',
    purpose: '',
    weekday: '1',
    startTime: '14:00',
    durationMinutes: '30',
    timeZone: 'Europe/Berlin',
    weekRule: 'odd',
    interval: '2',
    ordinal: '1',
    afterWeekday: '2',
    startDate: today,
    endDate: '',
    platform: '',
    joinUrl: '',
    notesUrl: '',
    recordingsUrl: '',
    languages: '',
    invitationInfo: '',
    contributeNote: '',
    recorded: false,
    remind24h: true,
    remind15m: true,
  };
}

/** The form as it was sent, to show it again: every field as typed, the checkbox as ticked. */
export function seriesFormAsTyped(typed: Record<string, string>): SeriesFormValues {
  const values = Object.fromEntries(
    Object.keys(emptySeriesForm('')).map((name) => [name, typed[name] ?? '']),
  ) as Omit<SeriesFormValues, 'recorded' | 'remind24h' | 'remind15m'>;
  return {
    ...values,
    recorded: typed.recorded === 'true',
    remind24h: typed.remind24h === 'true',
    remind15m: typed.remind15m === 'true',
  };
}

/** The labels of the form's fields, by field name: beside each field and in the error summary. */
const SERIES_FIELDS = {
  title: 'series.title',
  purpose: 'series.purpose',
  platform: 'series.platform',
  joinUrl: 'series.joinUrl',
  notesUrl: 'series.notesUrl',
  recordingsUrl: 'series.recordingsUrl',
  languages: 'series.languages',
  invitationInfo: 'series.invitationInfo',
  contributeNote: 'series.contributeNote',
  weekRule: 'series.weekRule',
  interval: 'series.interval',
  ordinal: 'series.ordinal',
  afterWeekday: 'series.afterWeekday',
  startTime: 'series.startTime',
  durationMinutes: 'series.duration',
  timeZone: 'series.timeZone',
  startDate: 'series.startDate',
  endDate: 'series.endDate',
  weekday: 'series.weekday',
  group: 'groups.field',
} as const satisfies Record<string, MessageKey>;

interface SeriesFormProps extends FormPageProps {
  mode: 'new' | { slug: string; version: number };
  values: SeriesFormValues;
  /** The group field, when the reader may choose one. */
  group?: GroupFieldState | undefined;
}

export function SeriesFormPage({ ctx, mode, values, errors, message, group }: SeriesFormProps) {
  const { t } = ctx;
  const isNew = mode === 'new';
  const title = isNew ? t('meetings.new') : t('meetings.edit');
  return (
    <FormPage
      ctx={ctx}
      title={title}
      errors={errors}
      message={message}
      labels={fieldLabels(t, SERIES_FIELDS)}
    >
      <PostForm
        ctx={ctx}
        action={isNew ? '/meetings/new' : `/meetings/${mode.slug}/edit`}
        class="stack"
        novalidate
      >
        {isNew && <OnceField ctx={ctx} />}
        {!isNew && <input type="hidden" name="version" value={String(mode.version)} />}
        <Field name="title" label={t(SERIES_FIELDS.title)} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.title} required maxLength={200} />}
        </Field>
        <Field name="purpose" label={t(SERIES_FIELDS.purpose)} hint={t('series.purposeHint')} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={4} value={values.purpose} />}
        </Field>
        <GroupField ctx={ctx} state={group} errors={errors} />
        <ScheduleFields ctx={ctx} values={values} errors={errors} />
        <Field
          name="platform"
          label={t(SERIES_FIELDS.platform)}
          hint={t('series.platformHint')}
          errors={errors}
        >
          {(attrs) => <input {...attrs} type="text" value={values.platform} maxLength={200} />}
        </Field>
        <LinkFields ctx={ctx} values={values} errors={errors} />
        <Field
          name="languages"
          label={t(SERIES_FIELDS.languages)}
          hint={t('series.languagesHint')}
          errors={errors}
        >
          {(attrs) => <input {...attrs} type="text" value={values.languages} maxLength={200} />}
        </Field>
        <div class="field">
          <label>
            <input type="checkbox" name="recorded" value="true" checked={values.recorded} />{' '}
            {t('series.recorded')}
          </label>
        </div>
        <fieldset class="field reminders">
          <legend>{t('series.reminders')}</legend>
          <p class="hint">{t('series.remindersHint')}</p>
          <label>
            <input type="checkbox" name="remind24h" value="true" checked={values.remind24h} />{' '}
            {t('series.remind24h')}
          </label>
          <label>
            <input type="checkbox" name="remind15m" value="true" checked={values.remind15m} />{' '}
            {t('series.remind15m')}
          </label>
        </fieldset>
        <Field name="invitationInfo" label={t(SERIES_FIELDS.invitationInfo)} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={3} value={values.invitationInfo} />}
        </Field>
        <Field name="contributeNote" label={t(SERIES_FIELDS.contributeNote)} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={3} value={values.contributeNote} />}
        </Field>
        <div class="actions">
          <Button variant="primary">{t('action.save')}</Button>
          <a href={isNew ? ctx.url('/meetings') : ctx.url(`/meetings/${mode.slug}`)}>{t('action.cancel')}</a>
        </div>
      </PostForm>
    </FormPage>
  );
}

/** Where to join, and where the notes and agendas and the recordings are kept. */
function LinkFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: SeriesFormValues;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <>
      {(['joinUrl', 'notesUrl', 'recordingsUrl'] as const).map((name) => (
        <Field key={name} name={name} label={t(SERIES_FIELDS[name])} errors={errors}>
          {(attrs) => <input {...attrs} type="url" value={values[name]} placeholder="https://" />}
        </Field>
      ))}
    </>
  );
}

const WEEK_RULES: [string, MessageKey][] = [
  ['odd', 'series.weekRuleOdd'],
  ['even', 'series.weekRuleEven'],
  ['every', 'series.weekRuleEvery'],
  ['interval', 'series.weekRuleInterval'],
  ['monthly', 'series.weekRuleMonthly'],
  ['monthlyAfter', 'series.weekRuleMonthlyAfter'],
];

/** When the series meets: which weeks, the weekday, the time and the span of dates. */
function ScheduleFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: SeriesFormValues;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <fieldset class="schedule-fields">
      <legend>{t('meetings.schedule')}</legend>
      <Field name="weekRule" label={t(SERIES_FIELDS.weekRule)} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            {WEEK_RULES.map(([value, label]) => (
              <option key={value} value={value} selected={values.weekRule === value}>
                {t(label)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="interval" label={t(SERIES_FIELDS.interval)} errors={errors}>
        {(attrs) => <input {...attrs} type="number" min={1} max={52} value={values.interval} />}
      </Field>
      <Field name="ordinal" label={t(SERIES_FIELDS.ordinal)} hint={t('series.ordinalHint')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            {MONTH_ORDINALS.map((ordinal) => (
              <option key={ordinal} value={String(ordinal)} selected={values.ordinal === String(ordinal)}>
                {t(ordinalKey(ordinal))}
              </option>
            ))}
          </select>
        )}
      </Field>
      <WeekdayField
        ctx={ctx}
        name="afterWeekday"
        label={t(SERIES_FIELDS.afterWeekday)}
        hint={t('series.afterWeekdayHint')}
        value={values.afterWeekday}
        errors={errors}
      />
      <WeekdayField ctx={ctx} label={t(SERIES_FIELDS.weekday)} value={values.weekday} errors={errors} />
      <Field
        name="startTime"
        label={t(SERIES_FIELDS.startTime)}
        hint={t('series.startTimeHint')}
        errors={errors}
      >
        {(attrs) => <input {...attrs} type="time" value={values.startTime} required />}
      </Field>
      <Field name="durationMinutes" label={t(SERIES_FIELDS.durationMinutes)} errors={errors}>
        {(attrs) => (
          <input {...attrs} type="number" min={1} max={1440} value={values.durationMinutes} required />
        )}
      </Field>
      <Field
        name="timeZone"
        label={t(SERIES_FIELDS.timeZone)}
        hint={t('series.timeZoneHint')}
        errors={errors}
      >
        {(attrs) => <input {...attrs} type="text" value={values.timeZone} required />}
      </Field>
      <Field name="startDate" label={t(SERIES_FIELDS.startDate)} errors={errors}>
        {(attrs) => <input {...attrs} type="date" value={values.startDate} required />}
      </Field>
      <Field name="endDate" label={t(SERIES_FIELDS.endDate)} errors={errors}>
        {(attrs) => <input {...attrs} type="date" value={values.endDate} />}
      </Field>
    </fieldset>
  );
}
