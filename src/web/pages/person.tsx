import type { ComponentChildren } from 'preact';
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

/** One kind of a person's activity: a heading, and a compact list of it or a line saying there is none. */
function ActivityList<T extends { id: string }>({
  name,
  title,
  items,
  empty,
  class: extra,
  anchor,
  row,
}: {
  name: string;
  title: string;
  items: readonly T[];
  empty: string;
  class?: string;
  /** Gives each item an id of this prefix and its own, for links to it. */
  anchor?: string;
  row: (item: T) => ComponentChildren;
}) {
  return (
    <Section name={name} title={title}>
      <ListOrEmpty items={items} empty={empty} class={`idea-list compact${extra ? ` ${extra}` : ''}`}>
        {(item) => (
          <li key={item.id} id={anchor ? `${anchor}${item.id}` : undefined} class="idea-row">
            {row(item)}
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}

function CommentLine({ ctx, comment: c }: { ctx: PageContext; comment: ProfileComment }) {
  const { t } = ctx;
  return (
    <>
      <p class="muted small">
        <a href={ctx.url(c.path)}>
          <Time ctx={ctx} iso={c.createdAt} />
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
    </>
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
      <ActivityList
        name="ideas"
        title={t('people.ideas')}
        items={profile.ideas}
        empty={t('people.noIdeas')}
        row={(idea) => <IdeaRowHead idea={idea} url={ctx.url} t={t} />}
      />
      <ActivityList
        name="topics"
        title={t('people.topics')}
        items={profile.topics}
        empty={t('people.noTopics')}
        row={(topic) => (
          <>
            <a href={ctx.url(`/meetings/${topic.seriesSlug}/${topic.occurrence}#topic-${topic.id}`)}>
              {topic.title}
            </a>{' '}
            <span class="muted small">
              {topic.seriesTitle}, {formatPlainDate(topic.occurrence, ctx.locale)} ·{' '}
              {t(`topicStatus.${topic.status}`)}
            </span>
          </>
        )}
      />
      <ActivityList
        name="comments"
        title={t('people.comments')}
        items={profile.comments}
        empty={t('people.noComments')}
        class="profile-comments"
        anchor="profile-comment-"
        row={(c) => <CommentLine ctx={ctx} comment={c} />}
      />
    </Layout>
  );
}
