import type { SessionView } from '../../app/session-list.js';
import type { PageContext } from '../page-context.js';
import { LineButton, PostButton, PostForm } from './form.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** What the profile shows of the account's safety: the address check and the signed-in browsers. */
export interface AccountSecurity {
  sessions: SessionView[];
  verifiedAt: string | null;
  /** Whether the hub sends mail, so a check can be asked for again. */
  canMail: boolean;
}

function deviceName(ctx: PageContext, device: SessionView['device']): string {
  if (!device) return ctx.t('sessions.unknownDevice');
  if (device.browser && device.system)
    return ctx.t('sessions.device', { browser: device.browser, system: device.system });
  return device.browser ?? device.system ?? ctx.t('sessions.unknownDevice');
}

/** Whether the address is confirmed, with "send again" while it is not. */
function AddressCheck({ ctx, security }: { ctx: PageContext; security: AccountSecurity }) {
  const { t } = ctx;
  if (security.verifiedAt) {
    return (
      <p data-testid="email-verified">
        <span class="chip">{t('verify.verified')}</span> <Time ctx={ctx} iso={security.verifiedAt} />
      </p>
    );
  }
  return (
    <PostForm ctx={ctx} action="/profile/verification" class="inline-form">
      <span class="chip chip-removed" data-testid="email-unverified">
        {t('verify.unverified')}
      </span>
      {security.canMail && <button type="submit">{t('verify.sendAgain')}</button>}
    </PostForm>
  );
}

/** The profile's sections on the address and the sessions of the account. */
export function AccountSecuritySections({ ctx, security }: { ctx: PageContext; security: AccountSecurity }) {
  const { t } = ctx;
  const others = security.sessions.some((s) => !s.current);
  return (
    <>
      <Section name="address" title={t('verify.section')}>
        <AddressCheck ctx={ctx} security={security} />
      </Section>
      <Section name="sessions" title={t('sessions.title')}>
        <p>{t('sessions.intro')}</p>
        <ul class="token-list" data-testid="sessions">
          {security.sessions.map((s) => (
            <li key={s.id} data-session={s.id}>
              <strong>{deviceName(ctx, s.device)}</strong>
              {s.current && <span class="chip">{t('sessions.current')}</span>} · {t('sessions.created')}{' '}
              <Time ctx={ctx} iso={s.createdAt} />
              {s.lastSeenAt && (
                <>
                  {' · '}
                  {t('sessions.lastSeen')} <Time ctx={ctx} iso={s.lastSeenAt} />
                </>
              )}
              {!s.current && (
                <LineButton
                  ctx={ctx}
                  action={`/profile/sessions/${s.id}/revoke`}
                  label={t('sessions.revoke')}
                />
              )}
            </li>
          ))}
        </ul>
        {others && (
          <PostButton
            ctx={ctx}
            action="/profile/sessions/revoke-others"
            class="inline-form"
            label={t('sessions.revokeOthers')}
          />
        )}
      </Section>
    </>
  );
}
