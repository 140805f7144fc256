import type { HeldComment } from '../../app/comment-moderation.js';
import type { PageContext } from '../page-context.js';
import { authorName } from './authorship.js';
import { ListOrEmpty } from './list.js';
import { Markdown } from './markdown.js';
import { ReviewForms } from './review-forms.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** Comments of new members held for review, for the triage queue: approve, or reject saying why. */
export function HeldComments({ ctx, held }: { ctx: PageContext; held: HeldComment[] }) {
  const { t } = ctx;
  return (
    <Section name="held" title={t('comment.heldTitle')}>
      <ListOrEmpty items={held} empty={t('comment.heldEmpty')} class="triage-list held-comments">
        {(c) => (
          <li key={c.id} class="panel" data-comment={c.id}>
            <p>
              <a href={ctx.url(c.path)}>
                {t('comment.heldOn', { name: authorName(t, c), title: c.targetTitle })}
              </a>{' '}
              · <Time ctx={ctx} iso={c.createdAt} />
            </p>
            <Markdown ctx={ctx} source={c.body} />
            <ReviewForms
              ctx={ctx}
              base={`/comments/${c.id}`}
              version={c.version}
              reasonLabel="comment.rejectReason"
            />
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}
