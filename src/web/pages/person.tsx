import type { ProfileComment, PublicProfile } from '../../app/people.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { Section } from '../components/section.js';
import { IdeaRowHead } from '../components/status-chip.js';
import { Time } from '../components/time.js';
import { plainSummary } from '../markdown.js';
import { formatPlainDate } from '../meeting-format.js';
import type { PageContext } from '../page-context.js';

/** Up to two letters of a name: the first of its first and of its last word. */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean);
  const first = [...(words[0] ?? '?')][0] ?? '?';
  const last = words.length > 1 ? ([...(words.at(-1) ?? '')][0] ?? '') : '';
  return `${first}${last}`.toLocaleUpperCase();
}

/** The month and year someone joined, in the reader's language (a month says enough). */
function joined(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(iso),
  );
}

/** How much of a comment's text the list shows: the comment itself is a link away. */
const EXCERPT = 240;

function CommentsList({ ctx, comments }: { ctx: PageContext; comments: ProfileComment[] }) {
  const { t } = ctx;
  if (comments.length === 0) return <p class="empty">{t('people.noComments')}</p>;
  return (
    <ul class="idea-list compact profile-comments">
      {comments.map((c) => (
        <li key={c.id} id={`profile-comment-${c.id}`} class="idea-row">
          <p class="muted small">
            <a href={ctx.url(c.path)}>
              <Time iso={c.createdAt} locale={ctx.locale} timeZone={ctx.user?.timeZone ?? null} />
            </a>{' '}
            · {t('people.commentOn', { title: c.targetTitle })}
            {c.state === 'hidden' && (
              <>
                {' '}
                <span class="chip chip-hidden">{t('comment.hiddenChip')}</span>
              </>
            )}
          </p>
          <p>{plainSummary(c.body, EXCERPT)}</p>
        </li>
      ))}
    </ul>
  );
}

/** A person's public page: their name and what they proposed; never their address. */
export function PersonPage({ ctx, profile }: { ctx: PageContext; profile: PublicProfile }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={profile.name}>
      <div class="person-head">
        <span class="avatar" aria-hidden="true">
          {initialsOf(profile.name)}
        </span>
        <div>
          <h1>{profile.name}</h1>
          {profile.handle !== '' && (
            <p class="person-handle">{t('people.handle', { handle: `@${profile.handle}` })}</p>
          )}
          <p class="muted">{t('people.since', { date: joined(profile.since, ctx.locale) })}</p>
        </div>
      </div>
      <Section name="ideas" title={t('people.ideas')}>
        <ListOrEmpty items={profile.ideas} empty={t('people.noIdeas')} class="idea-list compact">
          {(idea) => (
            <li key={idea.id} class="idea-row">
              <IdeaRowHead idea={idea} url={ctx.url} t={t} />
            </li>
          )}
        </ListOrEmpty>
      </Section>
      <Section name="topics" title={t('people.topics')}>
        <ListOrEmpty items={profile.topics} empty={t('people.noTopics')} class="idea-list compact">
          {(topic) => (
            <li key={topic.id} class="idea-row">
              <a href={ctx.url(`/meetings/${topic.seriesSlug}/${topic.occurrence}#topic-${topic.id}`)}>
                {topic.title}
              </a>{' '}
              <span class="muted small">
                {topic.seriesTitle}, {formatPlainDate(topic.occurrence, ctx.locale)} ·{' '}
                {t(`topicStatus.${topic.status}`)}
              </span>
            </li>
          )}
        </ListOrEmpty>
      </Section>
      <Section name="comments" title={t('people.comments')}>
        <CommentsList ctx={ctx} comments={profile.comments} />
      </Section>
    </Layout>
  );
}
