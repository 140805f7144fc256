import type { ComponentChildren } from 'preact';
import { IDEA_STATUSES } from '../../domain/idea-status.js';
import { DEFAULT_OBJECTION_HOURS, MAX_OBJECTION_HOURS, type Minutes } from '../../domain/minutes.js';
import { can } from '../../domain/policy.js';
import { PROPOSAL_STATES } from '../../domain/proposal.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { ErrorSummary, Field, type FieldErrors, fieldLabels, OnceField, PostForm } from './form.js';
import { ideaPickerAttributes } from './idea-picker.js';

/** What came back from a failed minutes form: the form it belongs to, the input and the problems. */
export interface MinutesFormState {
  form: 'minutes' | 'decision' | 'action' | 'objection' | 'noteTaker' | 'start';
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
  state?: MinutesFormState | undefined;
  /** What a fresh form holds, e.g. the idea of the topic under discussion. */
  defaults?: Record<string, string> | undefined;
}

/** A form's state for its fields: after a refusal what was typed, else its defaults. */
function filled(state: MinutesFormState | undefined, defaults: Record<string, string> | undefined) {
  if (state || !defaults) return state;
  return { form: 'decision' as const, values: defaults, errors: {}, message: null };
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
  labels,
  children,
}: {
  ctx: PageContext;
  action: string;
  title: string;
  /** The fields' labels, so the summary names each refused field as the form does. */
  labels: Record<string, MessageKey>;
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
      <ErrorSummary
        errors={state?.errors ?? {}}
        message={state?.message ?? null}
        scope={scope}
        labels={fieldLabels(ctx.t, labels)}
      />
      <PostForm ctx={ctx} action={action} class="stack" novalidate>
        {once && <OnceField ctx={ctx} />}
        {children}
        <button type="submit">{submit}</button>
      </PostForm>
    </>
  );
}

const DECISION_LABELS: Record<string, MessageKey> = {
  text: 'minutes.decision',
  ideaId: 'minutes.decisionIdea',
  status: 'minutes.decisionStatus',
  reason: 'minutes.decisionReason',
  objectionHours: 'decision.windowHours',
};
const ACTION_LABELS: Record<string, MessageKey> = {
  text: 'minutes.action',
  assignee: 'minutes.assignee',
  due: 'minutes.due',
  ideaId: 'minutes.decisionIdea',
};
const NOTES_LABELS: Record<string, MessageKey> = {
  text: 'minutes.body',
  attendees: 'minutes.attendeeCount',
  attendeeNames: 'minutes.attendeeNames',
};

function DecisionForm({ ctx, base, state: refused, defaults }: EditorFormProps) {
  const { t } = ctx;
  const state = filled(refused, defaults);
  const errors = state?.errors ?? {};
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/decisions`}
      title={t('minutes.addDecision')}
      submit={t('minutes.addDecision')}
      scope="decision"
      state={refused}
      labels={DECISION_LABELS}
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
      <Input
        name="proposal"
        scope="decision"
        label={t('minutes.decisionProposal')}
        state={state}
        extra={{ inputmode: 'numeric' }}
      />
      <Field name="proposalState" scope="decision" label={t('minutes.decisionProposalState')} errors={errors}>
        {(attrs) => (
          <select {...attrs}>
            <option value="">{t('minutes.noStateChange')}</option>
            {PROPOSAL_STATES.map((s) => (
              <option key={s} value={s} selected={state?.values.proposalState === s}>
                {t(`proposal.state.${s}`)}
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

function ActionForm({ ctx, base, state: refused, defaults }: EditorFormProps) {
  const { t } = ctx;
  const state = filled(refused, defaults);
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/actions`}
      title={t('minutes.addAction')}
      submit={t('minutes.addAction')}
      scope="action"
      state={refused}
      labels={ACTION_LABELS}
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

export function NoteTakerForm({ ctx, base, state }: EditorFormProps) {
  const { t } = ctx;
  return (
    <EditorForm
      ctx={ctx}
      action={`${base}/note-taker`}
      title={t('minutes.noteTaker')}
      submit={t('minutes.setNoteTaker')}
      scope="noteTaker"
      state={state}
      labels={{ email: 'minutes.noteTakerEmail' }}
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

/** Which of the record's forms the page offers, by the meeting's phase. */
export type EditorMode = 'run' | 'draft' | 'published';

/** The notes' form: the text, how many attended and who, saved with the version read. */
function NotesForm({ ctx, minutes, base, state }: EditorFormProps & { minutes: Minutes | null }) {
  const { t } = ctx;
  // The notes' fields: as typed after a refusal, else as stored.
  const typed = state && Object.keys(state.values).length > 0 ? state.values : null;
  const values = typed ?? {
    text: minutes?.body ?? '',
    attendees:
      minutes?.attendeeCount === null || minutes?.attendeeCount === undefined
        ? ''
        : String(minutes.attendeeCount),
    attendeeNames: minutes?.attendeeNames ?? '',
  };
  // After a conflict the form carries the version stored, so saving again is a deliberate overwrite.
  const version = state?.theirs ? state.theirs.version : (minutes?.version ?? 0);
  const errors = state?.errors ?? {};
  return (
    <>
      <ErrorSummary errors={errors} message={state?.message ?? null} labels={fieldLabels(t, NOTES_LABELS)} />
      <PostForm ctx={ctx} action={`${base}/minutes`} class="stack" novalidate>
        <input type="hidden" name="version" value={String(version)} />
        <Field name="text" label={t('minutes.body')} errors={errors}>
          {(attrs) => <textarea {...attrs} rows={8} value={values.text ?? ''} />}
        </Field>
        <div class="field-row">
          <Field name="attendees" label={t('minutes.attendeeCount')} errors={errors}>
            {(attrs) => <input {...attrs} type="number" min={0} value={values.attendees ?? ''} />}
          </Field>
          <Field name="attendeeNames" label={t('minutes.attendeeNames')} errors={errors}>
            {(attrs) => <input {...attrs} type="text" value={values.attendeeNames ?? ''} />}
          </Field>
        </div>
        <button type="submit" class="primary">
          {t('minutes.save')}
        </button>
      </PostForm>
      {state?.theirs && (
        <section class="conflict" aria-labelledby="theirs-heading">
          <h4 id="theirs-heading">{t('minutes.theirs')}</h4>
          <pre class="theirs">{state.theirs.body}</pre>
        </section>
      )}
    </>
  );
}

/** Decisions (maintainers and the group's leads) and action items, as the reader may add them. */
function AddForms({
  ctx,
  base,
  state,
  defaults,
  groupLeads,
}: EditorFormProps & { groupLeads: readonly string[] }) {
  const form = (name: MinutesFormState['form']) => (state?.form === name ? state : undefined);
  return (
    <>
      {can(ctx.actor, 'decision.record', { groupLeads }) && (
        <DecisionForm ctx={ctx} base={base} state={form('decision')} defaults={defaults} />
      )}
      <ActionForm ctx={ctx} base={base} state={form('action')} defaults={defaults} />
    </>
  );
}

/**
 * The forms that write a meeting's record, by its phase: during it (`run`) the notes, decisions
 * and action items; after it (`draft`) the notes and Publish, with decisions and action items
 * folded away; once published only the recorded "edit published minutes".
 */
export function MinutesEditor({
  ctx,
  minutes,
  base,
  state,
  mode,
  defaults,
  groupLeads,
}: {
  ctx: PageContext;
  minutes: Minutes | null;
  /** Path of the occurrence, e.g. `/meetings/planning/2026-11-30`. */
  base: string;
  state: MinutesFormState | undefined;
  mode: EditorMode;
  /** The fresh decision and action item forms name this idea (the current topic's). */
  defaults?: Record<string, string> | undefined;
  /** The leads of the series' group, who record decisions and publish as maintainers do. */
  groupLeads: readonly string[];
}) {
  const { t } = ctx;
  const notes = state?.form === 'minutes' ? state : undefined;
  const adding = state?.form === 'decision' || state?.form === 'action';
  if (mode === 'published')
    return (
      <details class="panel minutes-editor" open={notes !== undefined}>
        <summary>{t('minutes.editPublished')}</summary>
        <p class="hint">{t('minutes.editPublishedHint')}</p>
        <NotesForm ctx={ctx} minutes={minutes} base={base} state={notes} />
      </details>
    );
  const publish = can(ctx.actor, 'minutes.publish', { groupLeads }) && minutes?.status === 'draft' && (
    <PostForm ctx={ctx} action={`${base}/minutes/publish`}>
      <input type="hidden" name="version" value={String(minutes.version)} />
      <p class="hint">{t('minutes.publishHint')}</p>
      <button type="submit" class="primary">
        {t('minutes.publish')}
      </button>
    </PostForm>
  );
  return (
    <div class="panel minutes-editor">
      {mode === 'run' && (
        <AddForms ctx={ctx} base={base} state={state} defaults={defaults} groupLeads={groupLeads} />
      )}
      <h3>{t('minutes.body')}</h3>
      <NotesForm ctx={ctx} minutes={minutes} base={base} state={notes} />
      {publish}
      {mode === 'draft' && (
        <details open={adding}>
          <summary>{t('minutes.moreRecord')}</summary>
          <AddForms ctx={ctx} base={base} state={state} groupLeads={groupLeads} />
        </details>
      )}
    </div>
  );
}
