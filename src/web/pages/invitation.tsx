import { Button } from '../components/button.js';
import { ErrorSummary, Field, type FieldErrors, OnceField, PostForm } from '../components/form.js';
import { Layout } from '../components/layout.js';
import { Section } from '../components/section.js';
import type { PageContext } from '../page-context.js';

/** The request form on a series page. */
export function InvitationForm({
  ctx,
  slug,
  enabled,
  email,
  errors,
}: {
  ctx: PageContext;
  slug: string;
  enabled: boolean;
  email: string;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <Section name="invite" title={t('invite.title')} class="panel" id="invite">
      {enabled ? (
        <>
          <p>{t('invite.intro')}</p>
          <PostForm ctx={ctx} action={`/meetings/${slug}/invitations`} class="inline-form" novalidate>
            <OnceField ctx={ctx} />
            <Field name="email" label={t('invite.email')} errors={errors}>
              {(attrs) => <input {...attrs} type="email" value={email} autoComplete="email" required />}
            </Field>
            <button type="submit">{t('invite.submit')}</button>
          </PostForm>
        </>
      ) : (
        <p class="muted">{t('invite.disabled')}</p>
      )}
    </Section>
  );
}

/** Result of a confirmation or unsubscribe link, or the one-button unsubscribe form. */
export function InvitationStatusPage({
  ctx,
  title,
  message,
  unsubscribeAction,
  confirmAction,
  errors,
}: {
  ctx: PageContext;
  title: string;
  message: string;
  unsubscribeAction?: string | undefined;
  /** The confirmation is a button, not the link itself: mail scanners follow links. */
  confirmAction?: string | undefined;
  errors?: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <ErrorSummary errors={errors ?? {}} message={null} />
      <p role="status">{message}</p>
      {confirmAction && <ButtonForm action={confirmAction} label={t('invite.confirmButton')} />}
      {unsubscribeAction && <ButtonForm action={unsubscribeAction} label={t('invite.unsubscribeButton')} />}
      <p>
        <a href={ctx.url('/meetings')}>{t('meetings.title')}</a>
      </p>
    </Layout>
  );
}

/** A link from a mail that changes something only once the reader presses the button. */
function ButtonForm({ action, label }: { action: string; label: string }) {
  return (
    <form method="post" action={action}>
      <Button variant="primary">{label}</Button>
    </form>
  );
}
