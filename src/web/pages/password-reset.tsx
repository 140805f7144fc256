import { Button } from '../components/button.js';
import { ErrorSummary, Field, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { Layout } from '../components/layout.js';
import { SecretNotice } from '../components/secret-notice.js';
import type { PageContext } from '../page-context.js';
import { NewPasswordField } from './home.js';

interface ForgotProps extends FormPageProps {
  email: string;
}

/** "Forgot your password?": the address a reset link goes to. */
export function ForgotPasswordPage({ ctx, email, errors, message }: ForgotProps) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('reset.title')} intro={t('reset.intro')} errors={errors} message={message}>
      <PostForm ctx={ctx} action="/password-reset" class="stack narrow" novalidate>
        <Field name="email" label={t('login.email')} errors={errors}>
          {(attrs) => <input {...attrs} type="email" value={email} autoComplete="username" required />}
        </Field>
        <Button variant="primary">{t('reset.send')}</Button>
      </PostForm>
    </FormPage>
  );
}

interface NewPasswordProps extends FormPageProps {
  token: string;
  /** False for a link that is used, expired or unknown: the page then says so and offers a new one. */
  open: boolean;
}

/** The page a reset link opens: a new password, sent with the link's secret. */
export function NewPasswordPage({ ctx, token, open, errors, message }: NewPasswordProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reset.newTitle')}>
      <h1>{t('reset.newTitle')}</h1>
      {open ? (
        <>
          <p>{t('reset.newIntro')}</p>
          <ErrorSummary errors={errors} message={message} />
          <PostForm ctx={ctx} action="/password-reset/new" class="stack narrow" novalidate>
            <input type="hidden" name="token" value={token} />
            <NewPasswordField ctx={ctx} name="password" label={t('profile.newPassword')} errors={errors} />
            <Button variant="primary">{t('reset.save')}</Button>
          </PostForm>
        </>
      ) : (
        <>
          <p class="notice notice-warning" role="alert">
            {t('error.resetLinkInvalid')}
          </p>
          <p>
            <a href={ctx.url('/password-reset')}>{t('reset.askAgain')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

/** An admin's reset link for someone, shown this once to be handed over. */
export function ResetLinkPage({ ctx, name, link }: { ctx: PageContext; name: string; link: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.resetLinkTitle', { name })}>
      <h1>{t('admin.resetLinkTitle', { name })}</h1>
      <SecretNotice message={t('admin.resetLinkOnce')} secret={link} testId="reset-link" />
      <p>
        <a href={ctx.url('/admin')}>{t('admin.title')}</a>
      </p>
    </Layout>
  );
}

/** The page an address check opens: one button, so a mail scanner following the link confirms nothing. */
export function VerifyEmailPage({
  ctx,
  token,
  errors,
  message,
}: FormPageProps & {
  token: string;
}) {
  const { t } = ctx;
  return (
    <FormPage ctx={ctx} title={t('verify.title')} errors={errors} message={message}>
      <PostForm ctx={ctx} action="/verify-email" class="stack narrow">
        <input type="hidden" name="token" value={token} />
        <Button variant="primary">{t('verify.confirm')}</Button>
      </PostForm>
    </FormPage>
  );
}
