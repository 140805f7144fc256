import type { ApiToken, User } from '../../app/accounts.js';
import { TOKEN_MAX_DAYS } from '../../app/api-tokens.js';
import type { Identity } from '../../app/identities.js';
import type { NotificationSettings } from '../../app/notifications.js';
import { Avatar } from '../components/avatar.js';
import { Button } from '../components/button.js';
import { IdentitiesSection, type ProviderLink } from '../components/external-sign-in.js';
import {
  ErrorSummary,
  Field,
  type FieldErrors,
  fieldLabels,
  LineButton,
  OnceField,
  PostForm,
} from '../components/form.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { NotificationMailSection } from '../components/notification-mail.js';
import { OwnDataSections } from '../components/own-data.js';
import { SecretNotice } from '../components/secret-notice.js';
import { Section } from '../components/section.js';
import { type AccountSecurity, AccountSecuritySections } from '../components/session-list.js';
import { Time } from '../components/time.js';
import type { PageContext } from '../page-context.js';
import { NewPasswordField } from './home.js';

/** The profile form as typed. */
export interface ProfileValues {
  name: string;
  handle?: string | undefined;
  locale: string;
  timeZone: string;
}

/** The labels of the profile's fields, for its error summary. */
const PROFILE_LABELS = {
  name: 'register.name',
  handle: 'profile.handle',
  locale: 'profile.language',
  timeZone: 'profile.timeZone',
  currentPassword: 'profile.currentPassword',
  newPassword: 'profile.newPassword',
} as const;

interface ProfileProps {
  ctx: PageContext;
  user: User;
  tokens: ApiToken[];
  /** Sign-ins through other sites: those linked, and those that could be. */
  identities?: { identities: Identity[]; hasPassword: boolean; providers: ProviderLink[] } | undefined;
  /** A token just created; shown once. */
  newToken?: string | undefined;
  errors: FieldErrors;
  message: string | null;
  values?: ProfileValues | undefined;
  security?: AccountSecurity | undefined;
  /** What of one's notifications comes by mail, and whether the address is confirmed. */
  mail?: { settings: NotificationSettings; verified: boolean } | undefined;
}

export function ProfilePage({
  ctx,
  user,
  tokens,
  identities,
  newToken,
  errors,
  message,
  values,
  security,
  mail,
}: ProfileProps) {
  const { t } = ctx;
  const v = values ?? {
    name: user.name,
    handle: user.handle,
    locale: user.locale ?? '',
    timeZone: user.timeZone ?? '',
  };
  return (
    <Layout ctx={ctx} title={t('profile.title')}>
      <h1>{t('profile.title')}</h1>
      <p class="muted">
        <Avatar
          ctx={ctx}
          name={user.name}
          picture={identities?.identities.find((i) => i.avatarUrl)?.avatarUrl}
        />
        {user.email} · {t(`role.${user.role}`)}
      </p>
      <ErrorSummary errors={errors} message={message} labels={fieldLabels(t, PROFILE_LABELS)} />
      <PostForm ctx={ctx} action="/profile" class="stack narrow" novalidate>
        <input type="hidden" name="version" value={String(user.version)} />
        <Field name="name" label={t('register.name')} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={v.name} required maxLength={100} />}
        </Field>
        <HandleField ctx={ctx} value={v.handle ?? user.handle} errors={errors} />
        <Field name="locale" label={t('profile.language')} errors={errors}>
          {(attrs) => (
            <select {...attrs}>
              <option value="">{t('profile.languageAuto')}</option>
              <option value="en" selected={v.locale === 'en'}>
                English
              </option>
              <option value="de" selected={v.locale === 'de'}>
                Deutsch
              </option>
            </select>
          )}
        </Field>
        <Field name="timeZone" label={t('profile.timeZone')} hint={t('profile.timeZoneHint')} errors={errors}>
          {(attrs) => <input {...attrs} type="text" value={v.timeZone} placeholder="Europe/Berlin" />}
        </Field>
        <Button variant="primary">{t('action.save')}</Button>
      </PostForm>

      {mail && <NotificationMailSection ctx={ctx} {...mail} timeZone={user.timeZone} errors={errors} />}

      <PasswordSection ctx={ctx} errors={errors} />

      {identities && <IdentitiesSection ctx={ctx} {...identities} />}

      {security && <AccountSecuritySections ctx={ctx} security={security} />}

      <TokensSection ctx={ctx} tokens={tokens} newToken={newToken} />

      <OwnDataSections ctx={ctx} user={user} hasPassword={identities?.hasPassword ?? true} errors={errors} />
    </Layout>
  );
}

/** What `@handle` in a comment names: checked by the server, kept as typed when refused. */
function HandleField({ ctx, value, errors }: { ctx: PageContext; value: string; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Field name="handle" label={t('profile.handle')} hint={t('profile.handleHint')} errors={errors}>
      {(attrs) => <input {...attrs} type="text" value={value} required maxLength={40} spellcheck={false} />}
    </Field>
  );
}

function PasswordSection({ ctx, errors }: { ctx: PageContext; errors: FieldErrors }) {
  const { t } = ctx;
  return (
    <Section name="password" title={t('profile.password')}>
      <p class="hint">{t('profile.passwordEffects')}</p>
      <PostForm ctx={ctx} action="/profile/password" class="stack narrow" novalidate>
        <Field name="currentPassword" label={t('profile.currentPassword')} errors={errors}>
          {(attrs) => <input {...attrs} type="password" autoComplete="current-password" required />}
        </Field>
        <NewPasswordField ctx={ctx} name="newPassword" label={t('profile.newPassword')} errors={errors} />
        <button type="submit">{t('action.save')}</button>
      </PostForm>
    </Section>
  );
}

/** The reader's API tokens, the one just created (shown once), and the form for a new one. */
function TokensSection({
  ctx,
  tokens,
  newToken,
}: {
  ctx: PageContext;
  tokens: ApiToken[];
  newToken: string | undefined;
}) {
  const { t } = ctx;
  return (
    <Section name="tokens" title={t('profile.tokens')}>
      <p>{t('profile.tokensIntro')}</p>
      {newToken && <SecretNotice message={t('profile.tokenCreated')} secret={newToken} testId="new-token" />}
      <ListOrEmpty items={tokens} empty={t('profile.noTokens')} class="token-list">
        {(token) => <TokenLine key={token.id} ctx={ctx} token={token} />}
      </ListOrEmpty>
      <PostForm ctx={ctx} action="/profile/tokens" class="inline-form">
        <OnceField ctx={ctx} />
        <label>
          {t('profile.tokenName')} <input type="text" name="name" maxLength={100} />
        </label>
        <label>
          {t('profile.tokenDays')} <input type="number" name="expiresInDays" min={1} max={TOKEN_MAX_DAYS} />
        </label>
        <button type="submit">{t('action.create')}</button>
      </PostForm>
    </Section>
  );
}

/** A token: its name, when it was made, last used and expires, and the button revoking it. */
function TokenLine({ ctx, token }: { ctx: PageContext; token: ApiToken }) {
  const { t } = ctx;
  return (
    <li>
      <strong>{token.name}</strong> · <Time ctx={ctx} iso={token.createdAt} /> ·{' '}
      {token.lastUsedAt ? (
        <>
          {t('profile.lastUsed', { when: '' })}
          <Time ctx={ctx} iso={token.lastUsedAt} />
        </>
      ) : (
        t('profile.neverUsed')
      )}
      {token.expiresAt ? (
        <>
          {' · '}
          {t('profile.expires')} <Time ctx={ctx} iso={token.expiresAt} />
        </>
      ) : null}
      <LineButton
        ctx={ctx}
        action={`/profile/tokens/${token.id}/revoke`}
        variant="danger"
        label={t('action.revoke')}
      />
    </li>
  );
}
