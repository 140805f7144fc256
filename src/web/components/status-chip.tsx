import type { IdeaStatus } from '../../domain/idea-status.js';
import type { Translate } from '../i18n/index.js';

/** Status as text and colour together, never colour alone. */
export function StatusChip({ status, t }: { status: IdeaStatus; t: Translate }) {
  return (
    <span class={`chip chip-${status}`} data-status={status}>
      {t(`status.${status}`)}
      {status === 'proposed' && <span class="chip-note"> · {t('status.awaitingTriage')}</span>}
    </span>
  );
}
