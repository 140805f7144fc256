import type { FirstRunStep } from '../../app/first-run.js';
import type { GroupNextMeeting } from '../../app/groups.js';
import type { Idea } from '../../domain/idea.js';
import { Button, ButtonLink } from '../components/button.js';
import { FirstRunChecklist } from '../components/first-run.js';
import { Field, type FieldErrors, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { NextMeetingCard, OccurrenceLink } from '../components/meeting-card.js';
import { Section } from '../components/section.js';
import { StatusChip } from '../components/status-chip.js';
import type { PageContext } from '../page-context.js';
import type { SeriesOverview } from './meetings.js';

export function HomePage({
  ctx,
  recent,
  meetings,
  firstRun = null,
  groupMeetings = [],
}: {
  ctx: PageContext;
  recent: Idea[];
  meetings: SeriesOverview[];
  /** The next meeting of each group the reader follows or belongs to (of every group, for visitors). */
  groupMeetings?: GroupNextMeeting[];
  /** A new hub's setup steps, for its admins until they are all taken. */
  firstRun?: FirstRunStep[] | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.home')} scripts={['local-time.js']}>
      <h1>{t('home.title', { name: ctx.hubName })}</h1>
      <p>{t('home.intro')}</p>
      {firstRun && <FirstRunChecklist ctx={ctx} steps={firstRun} />}
      {meetings.map(({ series, occurrences }) => (
        <NextMeetingCard key={series.id} ctx={ctx} series={series} next={occurrences[0] ?? null} />
      ))}
      {groupMeetings.length > 0 && (
        <Section
          name="group-meetings"
          title={t(ctx.actor.kind === 'user' ? 'home.yourGroups' : 'home.groups')}
        >
          <ul class="link-list">
            {groupMeetings.map(({ group, series, next }) => (
              <li key={series.id}>
                <a href={ctx.url(`/groups/${group.slug}`)}>{group.name}</a>
                {' · '}
                <a href={ctx.url(`/meetings/${series.slug}`)}>{series.title}</a>
                {next && (
                  <>
                    {': '}
                    <OccurrenceLink ctx={ctx} series={series} occurrence={next} />
                  </>
                )}
              </li>
            ))}
          </ul>
        </Section>
      )}
      <p>
        <ButtonLink variant="primary" href={ctx.url('/ideas/new')}>
          {t('action.propose')}
        </ButtonLink>
      </p>
      <Section name="recent" title={t('home.recentIdeas')}>
        <ListOrEmpty items={recent} empty={t('home.noIdeas')} class="idea-list compact">
          {(idea) => (
            <li key={idea.id} class="idea-row">
              <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>{' '}
              <StatusChip status={idea.status} t={t} />
            </li>
          )}
        </ListOrEmpty>
        <p>
          <a href={ctx.url('/backlog')}>{t('home.goBacklog')}</a>
        </p>
      </Section>
    </Layout>
  );
}

export interface AccountFormValues {
  email: string;
  name: string;
}

/** Shown on the home page until the first admin exists. */
export function SetupPage({
  ctx,
  values,
  errors,
  message,
}: FormPageProps & {
  values: AccountFormValues;
}) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('setup.title')} intro={t('setup.intro')} errors={errors} message={message}>
      <PostForm ctx={ctx} action="/setup" class="stack narrow" novalidate>
        <AccountFields ctx={ctx} values={values} errors={errors} />
        <Button variant="primary">{t('setup.submit')}</Button>
      </PostForm>
    </FormPage>
  );
}

/** Name, e-mail and password: shared by setup, registration and the admin's user form. */
export function AccountFields({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: AccountFormValues;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <>
      <Field name="name" label={t('register.name')} hint={t('register.nameHint')} errors={errors}>
        {(attrs) => (
          <input {...attrs} type="text" value={values.name} autoComplete="name" required maxLength={100} />
        )}
      </Field>
      <Field name="email" label={t('login.email')} errors={errors}>
        {(attrs) => <input {...attrs} type="email" value={values.email} autoComplete="email" required />}
      </Field>
      <NewPasswordField ctx={ctx} name="password" label={t('login.password')} errors={errors} />
    </>
  );
}

/** A password being chosen: the browser may suggest one, and the hint says how long it must be. */
export function NewPasswordField({
  ctx,
  name,
  label,
  errors,
}: {
  ctx: PageContext;
  name: string;
  label: string;
  errors: FieldErrors;
}) {
  return (
    <Field name={name} label={label} hint={ctx.t('register.passwordHint', { min: 10 })} errors={errors}>
      {(attrs) => <input {...attrs} type="password" autoComplete="new-password" required minLength={10} />}
    </Field>
  );
}
