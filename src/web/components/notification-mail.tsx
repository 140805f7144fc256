import type { NotificationSettings } from '../../app/notifications.js';
import type { PageContext } from '../page-context.js';
import { Field, type FieldErrors, PostForm } from './form.js';
import { Section } from './section.js';

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/** The profile's choice of what of one's notifications comes by mail, and when the digest does. */
export function NotificationMailSection({
  ctx,
  settings,
  verified,
  timeZone,
  errors = {},
}: {
  ctx: PageContext;
  settings: NotificationSettings;
  /** Whether the address is confirmed: mail goes nowhere else. */
  verified: boolean;
  /** The member's zone, whose clock the digest hour is on; null: UTC. */
  timeZone: string | null;
  errors?: FieldErrors;
}) {
  const { t } = ctx;
  const choices = [
    ['each', t('notifications.mailEach')],
    ['digest', t('notifications.mailDigest')],
    ['never', t('notifications.mailNever')],
  ] as const;
  const muted = settings.muted.map((k) => t(`notifications.kindName.${k}`)).join(', ');
  const hourHint = timeZone
    ? t('notifications.digestHourZone', { zone: timeZone })
    : t('notifications.digestHourUtc');
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
        <Field
          name="digestHour"
          scope="mail"
          label={t('notifications.digestHour')}
          hint={hourHint}
          errors={errors}
        >
          {(attrs) => (
            <select {...attrs}>
              {HOURS.map((hour) => (
                <option key={hour} value={String(hour)} selected={settings.digestHour === hour}>
                  {`${String(hour).padStart(2, '0')}:00`}
                </option>
              ))}
            </select>
          )}
        </Field>
        {muted !== '' && <p class="hint">{t('notifications.mailMuted', { kinds: muted })}</p>}
        <button type="submit">{t('action.save')}</button>
      </PostForm>
    </Section>
  );
}
