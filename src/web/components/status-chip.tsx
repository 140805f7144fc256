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

/** An idea's title, linking to its page, with its status: the head of a row of an idea list. */
export function IdeaRowHead({
  idea,
  url,
  t,
}: {
  idea: { slug: string; title: string; status: IdeaStatus };
  url: (path: string) => string;
  t: Translate;
}) {
  return (
    <div class="idea-row-head">
      <a class="idea-title" href={url(`/ideas/${idea.slug}`)}>
        {idea.title}
      </a>
      <StatusChip status={idea.status} t={t} />
    </div>
  );
}
