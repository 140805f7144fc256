import type { OutboxKindState } from '../../app/outbox.js';
import { isMessageKey } from '../i18n/index.js';
import type { PageContext } from '../page-context.js';
import { Section } from './section.js';

/** An age in the largest unit that keeps it readable: seconds, minutes, hours or days. */
function age(seconds: number, ctx: PageContext): string {
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400],
    ['hour', 3_600],
    ['minute', 60],
  ];
  const [unit, size] = units.find(([, s]) => seconds >= s * 1.5) ?? ['second', 1];
  const format = new Intl.NumberFormat(ctx.locale, { style: 'unit', unit, unitDisplay: 'short' });
  return format.format(Math.round(seconds / size));
}

/** The outbox for admins: whether mail, webhooks and decisions keep up, and what was given up. */
export function OutboxSection({ ctx, kinds }: { ctx: PageContext; kinds: OutboxKindState[] }) {
  const { t } = ctx;
  const name = (kind: string) => {
    const key = `outbox.kind.${kind}`;
    return isMessageKey(key) ? t(key) : kind;
  };
  return (
    <Section name="outbox" title={t('outbox.title')}>
      <p class="hint">{t('outbox.intro')}</p>
      {kinds.length === 0 ? (
        <p class="empty">{t('outbox.empty')}</p>
      ) : (
        <div class="table-scroll">
          <table class="outbox">
            <thead>
              <tr>
                <th scope="col">{t('outbox.kind')}</th>
                <th scope="col">{t('outbox.pending')}</th>
                <th scope="col">{t('outbox.failed')}</th>
                <th scope="col">{t('outbox.oldest')}</th>
              </tr>
            </thead>
            <tbody>
              {kinds.map((k) => (
                <tr key={k.kind}>
                  <th scope="row">{name(k.kind)}</th>
                  <td>{k.pending}</td>
                  <td>{k.failed}</td>
                  <td>{k.pending > 0 ? age(k.oldestAgeSeconds, ctx) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
