import type { ComponentChildren } from 'preact';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import { DEFAULT_OBJECTION_HOURS, MAX_OBJECTION_HOURS, type Minutes } from '../../domain/minutes.js';
import { can } from '../../domain/policy.js';
import type { PageContext } from '../page-context.js';
import { ErrorSummary, Field, type FieldErrors, OnceField, PostForm } from './form.js';
import { ideaPickerAttributes } from './idea-picker.js';

/** What came back from a failed minutes form: the form it belongs to, the input and the problems. */
export interface MinutesFormState {
  form: 'minutes' | 'decision' | 'action' | 'objection' | 'noteTaker';
  /** For an objection: the decision it was for. */
  decisionId?: string;
  values: Record<string, string>;
  errors: FieldErrors;
  message: string | null;
  /** After a conflict: the other maintainer's saved text. */
  theirs?: Minutes | null;
}

/** One field of a form of the editor: a one-line input, filled in again after a refusal. */
function Input({
  name,
  scope,
  label,
  state,
  type = 'text',
  hint,
  extra = {},
}: {
  name: string;
  hint?: string;
  /** More attributes of the input, such as the idea picker's. */
  extra?: Record<string, string>;
  scope: MinutesFormState['form'];
  label: string;
  state: MinutesFormState | undefined;
  type?: 'text' | 'date' | 'email';
}) {
  return (
    <Field name={name} scope={scope} label={label} hint={hint} errors={state?.errors ?? {}}>
      {(attrs) => <input {...attrs} {...extra} type={type} value={state?.values[name] ?? ''} />}
    </Field>
  );
}

/** What each form of the editor is given: the occurrence's path and its last refusal, if any. */
interface EditorFormProps {
  ctx: PageContext;
  base: string;
  state?: MinutesFormState;
}

/** One form of the editor under its heading, with the problems of its last refusal above it. */
function EditorForm({
  ctx,
  action,
  title,
  scope,
  state,
  once = false,
  submit,
  children,
}: {
  ctx: PageContext;
  action: string;
  title: string;
  /** The label of the form's button. */
  submit: string;
  scope: MinutesFormState['form'];
  state: MinutesFormState | undefined;
  /** Sent once only: a form that adds something. */
  once?: boolean;
  children: ComponentChildren;
}) {
  return (
    <>
      <h3>{title}</h3>
      <ErrorSummary errors={state?.errors ?? {}} message={state?.message ?? null} scope={scope} />
      <PostForm ctx={ctx} action={action} class="stack" novalidate>
        {once && <OnceField ctx={ctx} />}
        {children}
        <button type="submit">{submit}</button>
      </PostForm>
    </>
  );
}

function DecisionForm({ ctx, base, state }: EditorFormProps) {
  const { t } = ctx;
  const errors = state?.errors ?? {};
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/decisions`}
      title={t('minutes.addDecision')}
      submit={t('minutes.addDecision')}
      scope="decision"
      state={state}
      once
    >
      <Field name="text" scope="decision" label={t('minutes.decision')} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={2} value={state?.values.text ?? ''} />}
      </Field>
      <Input
        name="ideaId"
        scope="decision"
        label={t('minutes.decisionIdea')}
        state={state}
        extra={ideaPickerAttributes(ctx)}
      />
      <Field name="status" scope="decision" label={t('minutes.decisionStatus')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            <option value="">{t('minutes.noStatusChange')}</option>
            {IDEA_STATUSES.map((s) => (
              <option key={s} value={s} selected={state?.values.status === s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Input name="reason" scope="decision" label={t('minutes.decisionReason')} state={state} />
      <Field
        name="objectionHours"
        scope="decision"
        label={t('decision.windowHours')}
        hint={t('decision.windowHint', { hours: DEFAULT_OBJECTION_HOURS })}
        errors={errors}
      >
        {(attrs) => (
          <input
            {...attrs}
            type="number"
            min="1"
            max={String(MAX_OBJECTION_HOURS)}
            value={state?.values.objectionHours ?? ''}
          />
        )}
      </Field>
    </EditorForm>
  );
}

function ActionForm({ ctx, base, state }: EditorFormProps) {
  const { t } = ctx;
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/actions`}
      title={t('minutes.addAction')}
      submit={t('minutes.addAction')}
      scope="action"
      state={state}
      once
    >
      <Input name="text" scope="action" label={t('minutes.action')} state={state} />
      <Input name="assignee" scope="action" label={t('minutes.assignee')} state={state} />
      <Input name="due" scope="action" label={t('minutes.due')} state={state} type="date" />
      <Input
        name="ideaId"
        scope="action"
        label={t('minutes.decisionIdea')}
        state={state}
        extra={ideaPickerAttributes(ctx)}
      />
    </EditorForm>
  );
}

function NoteTakerForm({ ctx, base, state }: EditorFormProps) {
  const { t } = ctx;
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/note-taker`}
      title={t('minutes.noteTaker')}
      submit={t('minutes.setNoteTaker')}
      scope="noteTaker"
      state={state}
    >
      <Input
        name="email"
        scope="noteTaker"
        label={t('minutes.noteTakerEmail')}
        hint={t('minutes.noteTakerHint')}
        state={state}
        type="email"
      />
    </EditorForm>
  );
}

/**
 * The forms that write a meeting's record, for whoever may write it: the notes (and publishing
 * them), decisions, action items and the note-taker, each as the policy allows.
 */
export function MinutesEditor({
  ctx,
  minutes,
  base,
  state,
}: {
  ctx: PageContext;
  minutes: Minutes | null;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
  state: MinutesFormState | undefined;
}) {
  const { t } = ctx;
  const form = (name: MinutesFormState['form']) => (state?.form === name ? state : undefined);
  const minutesForm = form('minutes');
  // The notes' fields: as typed after a refusal, else as stored.
  const typed = minutesForm && Object.keys(minutesForm.values).length > 0 ? minutesForm.values : null;
  const values = typed ?? {
    text: minutes?.body ?? '',
    attendees:
      minutes?.attendeeCount === null || minutes?.attendeeCount === undefined
        ? ''
        : String(minutes.attendeeCount),
    attendeeNames: minutes?.attendeeNames ?? '',
  };
  // After a conflict the form carries the version stored, so saving again is a deliberate overwrite.
  const version = minutesForm?.theirs ? minutesForm.theirs.version : (minutes?.version ?? 0);
  const errors = minutesForm?.errors ?? {};
  return (
    <div class="panel minutes-editor">
      <ErrorSummary errors={errors} message={minutesForm?.message ?? null} />
      <PostForm ctx={ctx} action={`${base}/minutes`} class="stack" novalidate>
        <input type="hidden" name="version" value={String(version)} />
        <Field name="text" label={t('minutes.body')} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={10} value={values.text ?? ''} />}
        </Field>
        <Field name="attendees" label={t('minutes.attendeeCount')} errors={errors}>
          {(attrs) => <input {...attrs} type="number" min={0} value={values.attendees ?? ''} />}
        </Field>
        <Field name="attendeeNames" label={t('minutes.attendeeNames')} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.attendeeNames ?? ''} />}
        </Field>
        <button type="submit" class="primary">
          {t('minutes.save')}
        </button>
      </PostForm>
      {minutesForm?.theirs && (
        <section class="conflict" aria-labelledby="theirs-heading">
          <h4 id="theirs-heading">{t('minutes.theirs')}</h4>
          <pre class="theirs">{minutesForm.theirs.body}</pre>
        </section>
      )}
      {can(ctx.actor, 'minutes.publish') && minutes?.status === 'draft' && (
        <PostForm ctx={ctx} action={`${base}/minutes/publish`}>
          <input type="hidden" name="version" value={String(minutes.version)} />
          <p class="hint">{t('minutes.publishHint')}</p>
          <button type="submit">{t('minutes.publish')}</button>
        </PostForm>
      )}
      {can(ctx.actor, 'decision.record') && <DecisionForm ctx={ctx} base={base} state={form('decision')} />}
      <ActionForm ctx={ctx} base={base} state={form('action')} />
      {can(ctx.actor, 'minutes.nameNoteTaker') && (
        <NoteTakerForm ctx={ctx} base={base} state={form('noteTaker')} />
      )}
    </div>
  );
}
