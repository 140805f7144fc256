import type { PublicProfile } from '../../app/people.js';
import { Layout } from '../components/layout.js';
import { Section } from '../components/section.js';
import { StatusChip } from '../components/status-chip.js';
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
          <p class="muted">{t('people.since', { date: joined(profile.since, ctx.locale) })}</p>
        </div>
      </div>
      <Section name="ideas" title={t('people.ideas')}>
        {profile.ideas.length === 0 ? (
          <p class="empty">{t('people.noIdeas')}</p>
        ) : (
          <ul class="idea-list compact">
            {profile.ideas.map((idea) => (
              <li key={idea.id} class="idea-row">
                <div class="idea-row-head">
                  <a class="idea-title" href={ctx.url(`/ideas/${idea.slug}`)}>
                    {idea.title}
                  </a>
                  <StatusChip status={idea.status} t={t} />
                </div>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section name="topics" title={t('people.topics')}>
        {profile.topics.length === 0 ? (
          <p class="empty">{t('people.noTopics')}</p>
        ) : (
          <ul class="idea-list compact">
            {profile.topics.map((topic) => (
              <li key={topic.id} class="idea-row">
                <a href={ctx.url(`/meetings/${topic.seriesSlug}/${topic.occurrence}#topic-${topic.id}`)}>
                  {topic.title}
                </a>{' '}
                <span class="muted small">
                  {topic.seriesTitle}, {formatPlainDate(topic.occurrence, ctx.locale)} ·{' '}
                  {t(`topicStatus.${topic.status}`)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Section>
    </Layout>
  );
}
