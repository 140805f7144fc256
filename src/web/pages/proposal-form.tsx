import { PROPOSAL_LIMITS, type Proposal } from '../../domain/proposal.js';
import { Field, type FieldErrors, fieldLabels } from '../components/form.js';
import { Markdown } from '../components/markdown.js';
import { RecordFormPage } from '../components/record-form-page.js';
import type { PageContext } from '../page-context.js';

export interface ProposalFormValues {
  number: string;
  title: string;
  text: string;
  authors: string;
  ideas: string;
}

export const emptyProposalForm: ProposalFormValues = {
  number: '',
  title: '',
  text: '',
  authors: '',
  ideas: '',
};

export function proposalFormValues(p: Proposal): ProposalFormValues {
  return {
    number: String(p.number),
    title: p.title,
    text: p.text,
    authors: p.authors.join(', '),
    ideas: p.ideas.join(', '),
  };
}

/** Writing down a proposal, or editing one (`mode` names it and the version read). */
export function ProposalFormPage({
  ctx,
  mode,
  values,
  errors,
  message,
  current,
}: {
  ctx: PageContext;
  mode: 'new' | { number: number; version: number };
  values: ProposalFormValues;
  errors: FieldErrors;
  message: string | null;
  /** What is stored now, when the edit met a change made meanwhile. */
  current?: Proposal | undefined;
}) {
  const { t } = ctx;
  const title = mode === 'new' ? t('proposals.new') : t('proposals.edit');
  const action = mode === 'new' ? '/proposals' : `/proposals/${mode.number}/edit`;
  const labels = fieldLabels(t, {
    number: 'proposals.fieldNumber',
    title: 'proposals.fieldTitle',
    text: 'proposals.fieldText',
    authors: 'proposals.fieldAuthors',
    ideas: 'proposals.fieldIdeas',
  });
  return (
    <RecordFormPage
      ctx={ctx}
      title={title}
      action={action}
      version={mode === 'new' ? null : mode.version}
      cancelHref={mode === 'new' ? '/proposals' : `/proposals/${mode.number}`}
      labels={labels}
      errors={errors}
      message={message}
      after={current && <StoredNow ctx={ctx} current={current} />}
    >
      <Field name="number" label={labels.number ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} inputMode="numeric" value={values.number} size={6} />}
      </Field>
      <Field name="title" label={labels.title ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} required maxLength={PROPOSAL_LIMITS.title} value={values.title} />}
      </Field>
      <Field name="text" label={labels.text ?? ''} errors={errors}>
        {(attrs) => <textarea {...attrs} rows={16} maxLength={PROPOSAL_LIMITS.text} value={values.text} />}
      </Field>
      <Field name="authors" label={labels.authors ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} value={values.authors} />}
      </Field>
      <Field name="ideas" label={labels.ideas ?? ''} errors={errors}>
        {(attrs) => <input {...attrs} value={values.ideas} />}
      </Field>
    </RecordFormPage>
  );
}

/** What is stored now, beside the form, when an edit met a change made meanwhile. */
function StoredNow({ ctx, current }: { ctx: PageContext; current: Proposal }) {
  return (
    <section class="conflict-current" aria-labelledby="stored-now">
      <h2 id="stored-now">{ctx.t('proposals.storedNow')}</h2>
      <p>
        <strong>
          {current.number}. {current.title}
        </strong>
      </p>
      <Markdown ctx={ctx} source={current.text} />
    </section>
  );
}
