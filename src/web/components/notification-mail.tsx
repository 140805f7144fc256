import type { NotificationSettings } from '../../app/notifications.js';
import type { PageContext } from '../page-context.js';
import { PostForm } from './form.js';
import { Section } from './section.js';

/** The profile's choice of what of one's notifications comes by mail. */
export function NotificationMailSection({
  ctx,
  settings,
  verified,
}: {
  ctx: PageContext;
  settings: NotificationSettings;
  /** Whether the address is confirmed: mail goes nowhere else. */
  verified: boolean;
}) {
  const { t } = ctx;
  const choices = [
    ['each', t('notifications.mailEach')],
    ['never', t('notifications.mailNever')],
  ] as const;
  const muted = settings.muted.map((k) => t(`notifications.kindName.${k}`)).join(', ');
  return (
    <Section name="notifications" id="notifications" title={t('notifications.mailTitle')}>
      <p>{t('notifications.mailIntro')}</p>
      {!verified && <p class="hint">{t('notifications.mailUnverified')}</p>}
      <PostForm ctx={ctx} action="/profile/notifications" class="stack narrow">
        <fieldset class="choice-group">
          <legend>{t('notifications.mailLegend')}</legend>
          {choices.map(([value, label]) => (
            <label key={value}>
              <input type="radio" name="mail" value={value} checked={settings.mail === value} /> {label}
            </label>
          ))}
        </fieldset>
        {muted !== '' && <p class="hint">{t('notifications.mailMuted', { kinds: muted })}</p>}
        <button type="submit">{t('action.save')}</button>
      </PostForm>
    </Section>
  );
}
