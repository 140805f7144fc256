import type { User } from '../../app/accounts.js';
import type { NominationMode, RegistrationMode } from '../../app/settings.js';
import { ROLES } from '../../domain/roles.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, OnceField } from '../components/form.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import { AccountFields, type AccountFormValues } from './home.js';

interface AdminProps {
  ctx: PageContext;
  users: User[];
  registration: RegistrationMode;
  nominations: NominationMode;
  remoteImages: boolean;
  errors: FieldErrors;
  message: string | null;
  values: AccountFormValues & { role: string };
  inviteLink?: string | undefined;
}

/** Disable or enable an account; a disabled one says so beside its button. */
function AccessForm({ ctx, user }: { ctx: PageContext; user: User }) {
  const { t } = ctx;
  const disabled = user.disabledAt !== null;
  return (
    <form method="post" action={ctx.url(`/admin/users/${user.id}/disabled`)} class="inline-form">
      <CsrfField ctx={ctx} />
      <input type="hidden" name="version" value={String(user.version)} />
      {disabled ? <span class="chip chip-removed">{t('admin.disabled')}</span> : null}
      <button type="submit" name="disabled" value={disabled ? 'false' : 'true'}>
        {disabled ? t('admin.enable') : t('admin.disable')}
      </button>
    </form>
  );
}

export function AdminPage({
  ctx,
  users,
  registration,
  nominations,
  remoteImages,
  errors,
  message,
  values,
  inviteLink,
}: AdminProps) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.title')}>
      <h1>{t('admin.title')}</h1>
      <ErrorSummary errors={errors} message={message} />

      <section aria-labelledby="users-heading">
        <h2 id="users-heading">{t('admin.users')}</h2>
        <table class="users">
          <thead>
            <tr>
              <th scope="col">{t('register.name')}</th>
              <th scope="col">{t('login.email')}</th>
              <th scope="col">{t('admin.role')}</th>
              <th scope="col">{t('admin.access')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>
                  <form method="post" action={ctx.url(`/admin/users/${u.id}/role`)} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="version" value={String(u.version)} />
                    <label class="visually-hidden" for={`role-${u.id}`}>
                      {t('admin.role')}
                    </label>
                    <select name="role" id={`role-${u.id}`}>
                      {ROLES.map((r) => (
                        <option key={r} value={r} selected={u.role === r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{t('action.save')}</button>
                  </form>
                </td>
                <td>
                  <AccessForm ctx={ctx} user={u} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="create-heading">
        <h2 id="create-heading">{t('admin.createUser')}</h2>
        <form method="post" action={ctx.url('/admin/users')} class="stack narrow" novalidate>
          <CsrfField ctx={ctx} />
          <OnceField ctx={ctx} />
          <AccountFields ctx={ctx} values={values} errors={errors} />
          <Field name="role" label={t('admin.role')} errors={errors}>
            {(attrs) => (
              <select {...attrs}>
                {ROLES.map((r) => (
                  <option key={r} value={r} selected={(values.role || 'member') === r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" class="primary">
            {t('action.create')}
          </button>
        </form>
      </section>

      <section aria-labelledby="nominations-heading">
        <h2 id="nominations-heading">{t('admin.nominations')}</h2>
        <form method="post" action={ctx.url('/admin/nominations')} class="stack">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend class="visually-hidden">{t('admin.nominations')}</legend>
            <label>
              <input
                type="radio"
                name="nominations"
                value="maintainers"
                checked={nominations === 'maintainers'}
              />{' '}
              {t('admin.nominationsMaintainers')}
            </label>
            <label>
              <input type="radio" name="nominations" value="members" checked={nominations === 'members'} />{' '}
              {t('admin.nominationsMembers')}
            </label>
          </fieldset>
          <button type="submit">{t('action.save')}</button>
        </form>
      </section>

      <section aria-labelledby="images-heading">
        <h2 id="images-heading">{t('admin.images')}</h2>
        <form method="post" action={ctx.url('/admin/images')} class="stack">
          <CsrfField ctx={ctx} />
          <label>
            <input type="checkbox" name="remoteImages" value="on" checked={remoteImages} />{' '}
            {t('admin.remoteImages')}
          </label>
          <p class="hint">{t('admin.remoteImagesHint')}</p>
          <button type="submit">{t('action.save')}</button>
        </form>
      </section>

      <section aria-labelledby="registration-heading">
        <h2 id="registration-heading">{t('admin.registration')}</h2>
        <form method="post" action={ctx.url('/admin/registration')} class="stack">
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend class="visually-hidden">{t('admin.registration')}</legend>
            <label>
              <input type="radio" name="registration" value="open" checked={registration === 'open'} />{' '}
              {t('admin.registrationOpen')}
            </label>
            <label>
              <input type="radio" name="registration" value="invite" checked={registration === 'invite'} />{' '}
              {t('admin.registrationInvite')}
            </label>
          </fieldset>
          <button type="submit">{t('action.save')}</button>
        </form>
        {inviteLink && (
          <div class="notice" role="status">
            <p>{t('admin.inviteCreated')}</p>
            <p>
              <code class="secret">{inviteLink}</code>
            </p>
          </div>
        )}
        <form method="post" action={ctx.url('/admin/invitations')} class="inline-form">
          <CsrfField ctx={ctx} />
          <OnceField ctx={ctx} />
          <label>
            {t('admin.role')}{' '}
            <select name="role">
              {ROLES.map((r) => (
                <option key={r} value={r} selected={r === 'member'}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('admin.createInvite')}</button>
        </form>
      </section>
    </Layout>
  );
}
