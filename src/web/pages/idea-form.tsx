import type { Idea } from '../../domain/idea.js';
import { IDEA_LIMITS } from '../../domain/idea.js';
import { Button } from '../components/button.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldLabels,
  OnceField,
} from '../components/form.js';
import { GroupField, type GroupFieldState } from '../components/group-field.js';
import { Layout } from '../components/layout.js';
import { Markdown } from '../components/markdown.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';

/** What the form holds, exactly as typed, so nothing is lost when it comes back with errors. */
export interface IdeaFormValues {
  title: string;
  description: string;
  tags: string;
  links: { label: string; url: string }[];
}

export const emptyIdeaForm: IdeaFormValues = { title: '', description: '', tags: '', links: [] };

export function ideaFormValues(idea: Idea): IdeaFormValues {
  return { title: idea.title, description: idea.description, tags: idea.tags.join(', '), links: idea.links };
}

/** The labels of the form's fields, by field name: beside each field and in the error summary. */
const IDEA_FIELDS = {
  title: 'idea.title',
  description: 'idea.description',
  tags: 'idea.tags',
  links: 'idea.links',
  group: 'groups.field',
} as const satisfies Record<string, MessageKey>;

/** Extra empty link rows, so links can be added without JavaScript. */
const SPARE_LINK_ROWS = 3;

interface IdeaFormProps {
  ctx: PageContext;
  mode: 'new' | { slug: string; version: number };
  values: IdeaFormValues;
  errors: FieldErrors;
  message: string | null;
  /** The version someone else saved meanwhile, shown beside the user's text after a conflict. */
  current?: Idea | undefined;
  /** Signed-out visitors see the form but are asked to sign in when sending it. */
  needsSignIn?: boolean;
  /** The reader's proposal will wait for a maintainer's review (a new member's first posts). */
  held?: boolean;
  /** The group field, when the reader may choose one. */
  group?: GroupFieldState | undefined;
}

/** What is stored now, shown above the form after an edit met someone else's. */
function CurrentVersion({
  ctx,
  current,
}: {
  ctx: PageContext;
  current: NonNullable<IdeaFormProps['current']>;
}) {
  return (
    <section class="panel conflict" aria-labelledby="current-heading">
      <h2 id="current-heading">{ctx.t('idea.currentVersion')}</h2>
      <p>
        <strong>{current.title}</strong>
      </p>
      <Markdown ctx={ctx} source={current.description} />
      {current.tags.length > 0 && <p>{current.tags.join(', ')}</p>}
    </section>
  );
}

/** Above a new proposal: what becomes of it, and for a visitor that sending asks to sign in. */
function NewIdeaIntro({ ctx, held, needsSignIn }: { ctx: PageContext; held: boolean; needsSignIn: boolean }) {
  const { t } = ctx;
  return (
    <>
      <p>{t(held ? 'idea.newIntroHeld' : 'idea.newIntro')}</p>
      {needsSignIn && (
        <p class="notice notice-info" role="status">
          {t('idea.signInFirst')}
        </p>
      )}
    </>
  );
}

export function IdeaFormPage({
  ctx,
  mode,
  values,
  errors,
  message,
  current,
  needsSignIn,
  held = false,
  group,
}: IdeaFormProps) {
  const { t } = ctx;
  const isNew = mode === 'new';
  const title = isNew ? t('idea.newTitle') : t('idea.editTitle');
  const action = isNew ? ctx.url('/ideas') : ctx.url(`/ideas/${mode.slug}/edit`);
  const rows = [...values.links, ...Array.from({ length: SPARE_LINK_ROWS }, () => ({ label: '', url: '' }))];
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      {isNew && <NewIdeaIntro ctx={ctx} held={held} needsSignIn={needsSignIn ?? false} />}
      <ErrorSummary errors={errors} message={message} labels={fieldLabels(t, IDEA_FIELDS)} />
      {current && <CurrentVersion ctx={ctx} current={current} />}
      <form method="post" action={action} class="stack" novalidate>
        <CsrfField ctx={ctx} />
        {isNew && <OnceField ctx={ctx} />}
        {!isNew && <input type="hidden" name="version" value={String(current?.version ?? mode.version)} />}
        <Field name="title" label={t(IDEA_FIELDS.title)} hint={t('idea.titleHint')} errors={errors}>
          {(attrs) => (
            <input {...attrs} type="text" value={values.title} required maxLength={IDEA_LIMITS.title} />
          )}
        </Field>
        <Field
          name="description"
          label={t(IDEA_FIELDS.description)}
          hint={t('idea.descriptionHint')}
          errors={errors}
        >
          {(attrs) => (
            <textarea {...attrs} rows={10} maxLength={IDEA_LIMITS.description} value={values.description} />
          )}
        </Field>
        <Field name="tags" label={t(IDEA_FIELDS.tags)} hint={t('idea.tagsHint')} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={values.tags} />}
        </Field>
        <GroupField ctx={ctx} state={group} errors={errors} />
        <fieldset class="links-fieldset" id="field-links">
          <legend>{t(IDEA_FIELDS.links)}</legend>
          <p class="hint">{t('idea.linksHint')}</p>
          {Object.entries(errors)
            .filter(([field]) => field.startsWith('links'))
            .map(([field, problems]) => (
              <p key={field} class="field-error">
                {problems.join(' ')}
              </p>
            ))}
          {rows.map((link, i) => (
            // Rows have no identity beyond their position in the form.
            <div class="link-row" key={i}>
              <label>
                {t('idea.linkLabel')}
                <input type="text" name="link_label" value={link.label} maxLength={IDEA_LIMITS.linkLabel} />
              </label>
              <label>
                {t('idea.linkUrl')}
                <input type="url" name="link_url" value={link.url} inputMode="url" placeholder="https://" />
              </label>
            </div>
          ))}
        </fieldset>
        <div class="actions">
          <Button variant="primary">
            {isNew ? (needsSignIn ? t('action.signIn') : t('action.propose')) : t('action.save')}
          </Button>
          <a href={isNew ? ctx.url('/backlog') : ctx.url(`/ideas/${mode.slug}`)}>{t('action.cancel')}</a>
        </div>
      </form>
    </Layout>
  );
}
