import type { Idea } from '../../domain/idea.js';
import { can } from '../../domain/policy.js';
import type { PageContext } from '../page-context.js';
import { proposerName } from './authorship.js';
import { ListOrEmpty } from './list.js';
import { Markdown } from './markdown.js';
import { ReviewForms } from './review-forms.js';
import { Section } from './section.js';
import { Time } from './time.js';

/** Proposals of new members held for review, for the triage queue: publish, or turn down saying why. */
export function HeldIdeas({ ctx, held }: { ctx: PageContext; held: Idea[] }) {
  const { t } = ctx;
  return (
    <Section name="held-ideas" title={t('idea.heldTitle')}>
      <ListOrEmpty items={held} empty={t('idea.heldEmpty')} class="triage-list held-ideas">
        {(idea) => (
          <li key={idea.id} class="panel" data-slug={idea.slug}>
            <h3>
              <a href={ctx.url(`/ideas/${idea.slug}`)}>{idea.title}</a>
            </h3>
            <p class="muted">
              {t('backlog.proposedBy', { name: proposerName(t, idea) })} ·{' '}
              <Time ctx={ctx} iso={idea.createdAt} />
            </p>
            {idea.description && <Markdown ctx={ctx} source={idea.description} />}
            <ReviewForms
              ctx={ctx}
              base={`/ideas/${idea.slug}`}
              version={idea.version}
              reasonLabel="idea.rejectReason"
            />
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}

/**
 * On a held proposal's own page: who sees it and why, the reason it was turned down, and the
 * maintainers' review forms while it waits.
 */
export function HeldIdeaPanel({
  ctx,
  idea,
}: {
  ctx: PageContext;
  idea: Idea & Required<Pick<Idea, 'held'>>;
}) {
  const { t } = ctx;
  const rejected = idea.held.rejectedReason;
  return (
    <section class="panel held-idea" aria-label={t('idea.heldTitle')}>
      <p>
        <span class="chip">{t(rejected === null ? 'comment.heldChip' : 'comment.rejectedChip')}</span>{' '}
        {rejected === null ? (
          t('idea.heldNote')
        ) : (
          <>
            <strong>{t('comment.rejectedReason')}:</strong> {rejected}
          </>
        )}
      </p>
      {rejected === null && can(ctx.actor, 'post.review') && (
        <ReviewForms
          ctx={ctx}
          base={`/ideas/${idea.slug}`}
          version={idea.version}
          reasonLabel="idea.rejectReason"
        />
      )}
    </section>
  );
}
