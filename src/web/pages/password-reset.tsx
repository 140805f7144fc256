import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import { NewPasswordField } from './home.js';

interface ForgotProps {
  ctx: PageContext;
  email: string;
  errors: FieldErrors;
  message: string | null;
}

/** "Forgot your password?": the address a reset link goes to. */
export function ForgotPasswordPage({ ctx, email, errors, message }: ForgotProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('reset.title')}>
      <h1>{t('reset.title')}</h1>
      <p>{t('reset.intro')}</p>
      <ErrorSummary errors={errors} message={message} />
      <form method="post" action={ctx.url('/password-reset')} class="stack narrow" novalidate>
        <CsrfField ctx={ctx} />
        <Field name="email" label={t('login.email')} errors={errors}>
          {(attrs) => <input {...attrs} type="email" value={email} autoComplete="username" required />}
        </Field>
        <button type="submit" class="primary">
          {t('reset.send')}
        </button>
      </form>
    </Layout>
  );
}

interface NewPasswordProps {
  ctx: PageContext;
  token: string;
  /** False for a link that is used, expired or unknown: the page then says so and offers a new one. */
  open: boolean;
  errors: FieldErrors;
  message: string | null;
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
          <form method="post" action={ctx.url('/password-reset/new')} class="stack narrow" novalidate>
            <CsrfField ctx={ctx} />
            <input type="hidden" name="token" value={token} />
            <NewPasswordField ctx={ctx} name="password" label={t('profile.newPassword')} errors={errors} />
            <button type="submit" class="primary">
              {t('reset.save')}
            </button>
          </form>
        </>
      ) : (
        <>
          <p class="notice" role="alert">
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
      <div class="notice" role="status">
        <p>{t('admin.resetLinkOnce')}</p>
        <p>
          <code class="secret" data-testid="reset-link">
            {link}
          </code>
        </p>
      </div>
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
}: {
  ctx: PageContext;
  token: string;
  errors: FieldErrors;
  message: string | null;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('verify.title')}>
      <h1>{t('verify.title')}</h1>
      <ErrorSummary errors={errors} message={message} />
      <form method="post" action={ctx.url('/verify-email')} class="stack narrow">
        <CsrfField ctx={ctx} />
        <input type="hidden" name="token" value={token} />
        <button type="submit" class="primary">
          {t('verify.confirm')}
        </button>
      </form>
    </Layout>
  );
}
