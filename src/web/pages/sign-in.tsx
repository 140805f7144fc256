import { Button } from '../components/button.js';
import { ProviderButtons, type ProviderLink } from '../components/external-sign-in.js';
import { ErrorSummary, Field, fieldLabels, OnceField, PostForm } from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { Layout } from '../components/layout.js';
import { AccountFields, type AccountFormValues } from './home.js';

interface SignInProps extends FormPageProps {
  email: string;
  next: string;
  /** A proposal typed while signed out, carried through sign-in unchanged. */
  draft: string;
  canRegister: boolean;
  /** Other sites to sign in through, offered before the password. */
  providers?: ProviderLink[];
  /** Whether the password form is offered; off, the providers are the only way in. */
  password?: boolean;
}

export function SignInPage({
  ctx,
  email,
  next,
  draft,
  errors,
  message,
  canRegister,
  providers,
  password = true,
}: SignInProps) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('login.title')}
      errors={errors}
      message={message}
      labels={fieldLabels(t, { email: 'login.email', password: 'login.password' })}
    >
      <ProviderButtons ctx={ctx} providers={providers ?? []} next={next} password={password} />
      {password && (
        <PasswordSignIn
          ctx={ctx}
          email={email}
          next={next}
          draft={draft}
          errors={errors}
          canRegister={canRegister}
        />
      )}
    </FormPage>
  );
}

/** The e-mail and password form, with the ways on for a forgotten password and a new account. */
function PasswordSignIn({
  ctx,
  email,
  next,
  draft,
  errors,
  canRegister,
}: Pick<SignInProps, 'ctx' | 'email' | 'next' | 'draft' | 'errors' | 'canRegister'>) {
  const { t } = ctx;
  return (
    <>
      <PostForm ctx={ctx} action="/login" class="stack narrow" novalidate>
        <input type="hidden" name="next" value={next} />
        {draft && <input type="hidden" name="draft" value={draft} />}
        <Field name="email" label={t('login.email')} errors={errors}>
          {(attrs) => <input {...attrs} type="email" value={email} autoComplete="username" required />}
        </Field>
        <Field name="password" label={t('login.password')} errors={errors}>
          {(attrs) => <input {...attrs} type="password" autoComplete="current-password" required />}
        </Field>
        <Button variant="primary">{t('action.signIn')}</Button>
      </PostForm>
      <p>
        <a href={ctx.url('/password-reset')}>{t('login.forgot')}</a>
      </p>
      {canRegister && (
        <p>
          {t('login.noAccount')} <a href={ctx.url('/register', { next })}>{t('login.registerLink')}</a>
        </p>
      )}
    </>
  );
}

/** The sign-up form's labels (its account fields are AccountFields'), for the error summary. */
const REGISTER_FIELDS = {
  invite: 'register.invite',
  name: 'register.name',
  email: 'login.email',
  password: 'login.password',
} as const;

interface RegisterProps extends FormPageProps {
  values: AccountFormValues;
  invite: string;
  inviteOnly: boolean;
  next: string;
}

export function RegisterPage({ ctx, values, invite, inviteOnly, next, errors, message }: RegisterProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('register.title')}>
      <h1>{t('register.title')}</h1>
      {inviteOnly && !invite && <p class="notice notice-info">{t('register.inviteOnly')}</p>}
      <ErrorSummary errors={errors} message={message} labels={fieldLabels(t, REGISTER_FIELDS)} />
      <PostForm ctx={ctx} action="/register" class="stack narrow" novalidate>
        <OnceField ctx={ctx} />
        <input type="hidden" name="next" value={next} />
        {/* An invitation link also sets the role while registration is open. */}
        {!inviteOnly && invite && <input type="hidden" name="invite" value={invite} />}
        {inviteOnly && (
          <Field name="invite" label={t('register.invite')} errors={errors}>
            {(attrs) => <input {...attrs} type="text" value={invite} required />}
          </Field>
        )}
        <AccountFields ctx={ctx} values={values} errors={errors} />
        <Button variant="primary">{t('action.register')}</Button>
      </PostForm>
    </Layout>
  );
}
