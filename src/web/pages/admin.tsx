import type { ComponentChildren, JSX } from 'preact';
import type { User } from '../../app/accounts.js';
import type { OutboxKindState } from '../../app/outbox.js';
import {
  MAX_HELD_POSTS,
  MAX_HUB_NAME,
  type NominationMode,
  type RegistrationMode,
} from '../../app/settings.js';
import { ROLES } from '../../domain/roles.js';
import { Button } from '../components/button.js';
import {
  Field,
  type FieldErrors,
  fieldLabels,
  OnceField,
  PostButton,
  PostForm,
  RadioGroup,
} from '../components/form.js';
import { FormPage, type FormPageProps } from '../components/form-page.js';
import { OutboxSection } from '../components/outbox-section.js';
import { AdminAccountData } from '../components/own-data.js';
import { Section } from '../components/section.js';
import type { MessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { AccountFields, type AccountFormValues } from './home.js';

/** The labels of the admin page's fields, for its error summary. */
const ADMIN_LABELS = {
  name: 'register.name',
  email: 'login.email',
  password: 'login.password',
  role: 'admin.role',
  hubName: 'admin.hubName',
  holdFirstPosts: 'admin.holdFirstPosts',
} as const satisfies Record<string, MessageKey>;

interface AdminProps extends FormPageProps {
  users: User[];
  registration: RegistrationMode;
  nominations: NominationMode;
  remoteImages: boolean;
  /** Whether people may sign in with a password, and whether a provider could take its place. */
  passwordSignIn: { on: boolean; providers: number };
  /** How many first posts of a member wait for review; 0: none. */
  holdFirstPosts: number;
  /** The hub's own name; '' for the default. */
  hubName: string;
  /** What the outbox holds, per kind of job. */
  outbox: OutboxKindState[];
  values: AccountFormValues & { role: string };
  inviteLink?: string | undefined;
}

/** Disable or enable an account; a disabled one says so beside its button. */
function AccessForm({ ctx, user }: { ctx: PageContext; user: User }) {
  const { t } = ctx;
  const disabled = user.disabledAt !== null;
  return (
    <PostForm ctx={ctx} action={`/admin/users/${user.id}/disabled`} class="inline-form">
      <input type="hidden" name="version" value={String(user.version)} />
      {disabled ? <span class="chip chip-removed">{t('admin.disabled')}</span> : null}
      <button type="submit" name="disabled" value={disabled ? 'false' : 'true'}>
        {disabled ? t('admin.enable') : t('admin.disable')}
      </button>
    </PostForm>
  );
}

export function AdminPage({
  ctx,
  users,
  registration,
  nominations,
  remoteImages,
  passwordSignIn,
  holdFirstPosts,
  hubName,
  outbox,
  errors,
  message,
  values,
  inviteLink,
}: AdminProps) {
  const { t } = ctx;
  return (
    <FormPage
      ctx={ctx}
      title={t('admin.title')}
      errors={errors}
      message={message}
      labels={fieldLabels(t, ADMIN_LABELS)}
    >
      <p>
        <a href={ctx.url('/admin/webhooks')}>{t('admin.webhooksLink')}</a>
      </p>

      <UsersSection ctx={ctx} users={users} passwords={passwordSignIn.on} />

      <OutboxSection ctx={ctx} kinds={outbox} />

      <CreateUserSection ctx={ctx} values={values} errors={errors} />

      <FieldSetting
        ctx={ctx}
        name="name"
        input={{ type: 'text', maxLength: MAX_HUB_NAME, value: hubName, placeholder: t('app.name') }}
        errors={errors}
      />

      <RadioSetting ctx={ctx} name="nominations" value={nominations} />

      <SettingForm ctx={ctx} name="images">
        <label>
          <input type="checkbox" name="remoteImages" value="on" checked={remoteImages} />{' '}
          {t('admin.remoteImages')}
        </label>
        <p class="hint">{t('admin.remoteImagesHint')}</p>
      </SettingForm>

      <PasswordsSetting ctx={ctx} passwordSignIn={passwordSignIn} />

      <FieldSetting
        ctx={ctx}
        name="moderation"
        input={{ type: 'number', min: '0', max: String(MAX_HELD_POSTS), value: String(holdFirstPosts) }}
        errors={errors}
      />

      <RadioSetting
        ctx={ctx}
        name="registration"
        value={registration}
        after={
          passwordSignIn.on ? (
            <InviteForm ctx={ctx} inviteLink={inviteLink} />
          ) : (
            <p class="hint">{t('admin.invitesNeedPasswords')}</p>
          )
        }
      />
    </FormPage>
  );
}

/** Whether people may sign in with a password, and why it cannot be turned off yet. */
function PasswordsSetting({
  ctx,
  passwordSignIn,
}: {
  ctx: PageContext;
  passwordSignIn: AdminProps['passwordSignIn'];
}) {
  const { t } = ctx;
  return (
    <SettingForm ctx={ctx} name="passwords">
      <label>
        <input type="checkbox" name="passwordSignIn" value="on" checked={passwordSignIn.on} />{' '}
        {t('admin.passwordSignIn')}
      </label>
      <p class="hint">
        {passwordSignIn.providers === 0 ? t('admin.passwordSignInNoProvider') : t('admin.passwordSignInHint')}
      </p>
    </SettingForm>
  );
}

/**
 * Every account with its role and whether it may sign in. With password sign-in off, a reset
 * link is offered for admins alone (their way back in); others sign in through a provider.
 */
function UsersSection({ ctx, users, passwords }: { ctx: PageContext; users: User[]; passwords: boolean }) {
  const { t } = ctx;
  return (
    <Section name="users" title={t('admin.users')}>
      <table class="users">
        <thead>
          <tr>
            <th scope="col">{t('register.name')}</th>
            <th scope="col">{t('login.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">{t('admin.access')}</th>
            <th scope="col">{t('ownData.adminData')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <PostForm ctx={ctx} action={`/admin/users/${u.id}/role`} class="inline-form">
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
                </PostForm>
              </td>
              <td>
                <AccessForm ctx={ctx} user={u} />
                {(passwords || u.role === 'admin') && (
                  <PostButton
                    ctx={ctx}
                    action={`/admin/users/${u.id}/reset-link`}
                    class="inline-form"
                    label={t('admin.resetLink')}
                  />
                )}
              </td>
              <td>
                <AdminAccountData ctx={ctx} user={u} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

function CreateUserSection({
  ctx,
  values,
  errors,
}: {
  ctx: PageContext;
  values: AdminProps['values'];
  errors: FieldErrors;
}) {
  const { t } = ctx;
  return (
    <Section name="create" title={t('admin.createUser')}>
      <PostForm ctx={ctx} action="/admin/users" class="stack narrow" novalidate>
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
        <Button variant="primary">{t('action.create')}</Button>
      </PostForm>
    </Section>
  );
}

/** The invitation link just created, if any, and the form that creates one. */
function InviteForm({ ctx, inviteLink }: { ctx: PageContext; inviteLink: string | undefined }) {
  const { t } = ctx;
  return (
    <>
      {inviteLink && (
        <div class="notice" role="status">
          <p>{t('admin.inviteCreated')}</p>
          <p>
            <code class="secret">{inviteLink}</code>
          </p>
        </div>
      )}
      <PostForm ctx={ctx} action="/admin/invitations" class="inline-form">
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
      </PostForm>
    </>
  );
}

type SettingName = 'name' | 'nominations' | 'images' | 'passwords' | 'moderation' | 'registration';

/** The settings of one field each: the field's name and the texts beside it. */
const FIELD_SETTINGS = {
  /** The hub's own name, for its header and page titles. */
  name: { field: 'hubName', label: 'admin.hubName', hint: 'admin.hubNameHint' },
  /** How many first posts of a new member wait for review. */
  moderation: { field: 'holdFirstPosts', label: 'admin.holdFirstPosts', hint: 'admin.holdFirstPostsHint' },
} as const satisfies Partial<Record<SettingName, { field: string; label: MessageKey; hint: MessageKey }>>;

/** A setting of one input field; `input` says what the field takes and holds. */
function FieldSetting({
  ctx,
  name,
  input,
  errors,
}: {
  ctx: PageContext;
  name: keyof typeof FIELD_SETTINGS;
  input: JSX.InputHTMLAttributes<HTMLInputElement>;
  errors: FieldErrors;
}) {
  const { t } = ctx;
  const setting = FIELD_SETTINGS[name];
  return (
    <SettingForm ctx={ctx} name={name}>
      <Field name={setting.field} label={t(setting.label)} hint={t(setting.hint)} errors={errors}>
        {(field) => <input {...field} {...input} />}
      </Field>
    </SettingForm>
  );
}

/** One site-wide setting in a section of its own: its controls, a save button, and what follows. */
function SettingForm({
  ctx,
  name,
  children,
  after,
}: {
  ctx: PageContext;
  name: SettingName;
  children: ComponentChildren;
  after?: ComponentChildren;
}) {
  return (
    <Section name={name} title={ctx.t(`admin.${name}`)}>
      <PostForm ctx={ctx} action={`/admin/${name}`} class="stack">
        {children}
        <button type="submit">{ctx.t('action.save')}</button>
      </PostForm>
      {after}
    </Section>
  );
}

const CHOICES: Record<'nominations' | 'registration', Record<string, MessageKey>> = {
  nominations: { maintainers: 'admin.nominationsMaintainers', members: 'admin.nominationsMembers' },
  registration: { open: 'admin.registrationOpen', invite: 'admin.registrationInvite' },
};

/** A setting with a few named choices; the section's heading names it. */
function RadioSetting({
  ctx,
  name,
  value,
  after,
}: {
  ctx: PageContext;
  name: keyof typeof CHOICES;
  value: string;
  after?: ComponentChildren;
}) {
  return (
    <SettingForm ctx={ctx} name={name} after={after}>
      <RadioGroup
        name={name}
        legend={ctx.t(`admin.${name}`)}
        value={value}
        options={Object.entries(CHOICES[name]).map(([v, key]) => ({ value: v, label: ctx.t(key) }))}
      />
    </SettingForm>
  );
}
