import type { Identity } from '../../app/identities.js';
import type { PageContext } from '../page-context.js';
import { Avatar } from './avatar.js';
import { ButtonLink } from './button.js';
import { LineButton, PostButton } from './form.js';
import { Layout } from './layout.js';
import { ListOrEmpty } from './list.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** A provider the hub is set up to sign in with. */
export interface ProviderLink {
  id: 'oidc' | 'github';
  label: string;
}

/** The sign-in page's buttons for other sites, shown before the password form. */
export function ProviderButtons({
  ctx,
  providers,
  next,
  password,
}: {
  ctx: PageContext;
  providers: ProviderLink[];
  next: string;
  /** Whether the password form follows. */
  password: boolean;
}) {
  if (providers.length === 0) return null;
  const { t } = ctx;
  return (
    <div class="stack narrow sign-in-providers">
      {providers.map((p) => (
        // One primary button a page: the form's, while it is there.
        <ButtonLink
          key={p.id}
          variant={password ? 'secondary' : 'primary'}
          href={ctx.url(`/sign-in/${p.id}`, next === '/' ? {} : { next })}
        >
          {t('signIn.with', { provider: p.label })}
        </ButtonLink>
      ))}
      <p class="muted">{password ? t('signIn.orPassword') : t('signIn.providersOnly')}</p>
    </div>
  );
}

/** Why a sign-in through another site was refused, and the way on. */
export function SignInRefusedPage({ ctx, message }: { ctx: PageContext; message: string }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('signIn.refusedTitle')}>
      <h1>{t('signIn.refusedTitle')}</h1>
      <p role="alert">{message}</p>
      <p>
        <ButtonLink variant="primary" href={ctx.url(ctx.user ? '/profile' : '/login')}>
          {ctx.user ? t('profile.title') : t('action.signIn')}
        </ButtonLink>
      </p>
    </Layout>
  );
}

/** The step from the profile's "Link" button to the provider: a link, as form redirects stay on this site. */
export function ContinueToProviderPage({
  ctx,
  provider,
  url,
}: {
  ctx: PageContext;
  provider: string;
  url: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('identity.link', { provider })}>
      <h1>{t('identity.link', { provider })}</h1>
      <p>{t('identity.continueIntro', { provider })}</p>
      <p>
        <ButtonLink variant="primary" href={url}>
          {t('identity.continue', { provider })}
        </ButtonLink>
      </p>
    </Layout>
  );
}

/** The profile's list of linked sign-ins, with a way to link more and to take one off. */
export function IdentitiesSection({
  ctx,
  identities,
  hasPassword,
  providers,
}: {
  ctx: PageContext;
  identities: Identity[];
  hasPassword: boolean;
  providers: ProviderLink[];
}) {
  const { t } = ctx;
  if (providers.length === 0 && identities.length === 0) return null;
  const label = (id: string) =>
    providers.find((p) => p.id === id)?.label ?? (id === 'github' ? 'GitHub' : id);
  const lastWay = identities.length + (hasPassword ? 1 : 0) <= 1;
  return (
    <Section name="identities" title={t('identity.title')}>
      <p>{hasPassword ? t('identity.introPassword') : t('identity.introNoPassword')}</p>
      <ListOrEmpty items={identities} empty={t('identity.none')} emptyClass="muted" class="identities">
        {(identity) => (
          <li key={identity.id}>
            <Avatar
              ctx={ctx}
              name={identity.login ?? identity.email ?? label(identity.provider)}
              picture={identity.avatarUrl}
            />
            <strong>{label(identity.provider)}</strong> {identity.login ?? identity.email ?? ''}{' '}
            <span class="muted">
              {t('identity.linkedOn')} <Time ctx={ctx} iso={identity.createdAt} />
            </span>
            {!lastWay && (
              <LineButton
                ctx={ctx}
                action={`/profile/identities/${identity.id}/unlink`}
                label={t('identity.unlink')}
              />
            )}
          </li>
        )}
      </ListOrEmpty>
      <div class="button-row">
        {providers.map((p) => (
          <PostButton
            key={p.id}
            ctx={ctx}
            action={`/sign-in/${p.id}/link`}
            class="inline"
            label={t('identity.link', { provider: p.label })}
          />
        ))}
      </div>
    </Section>
  );
}
