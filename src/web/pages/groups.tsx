import type { GroupHome, GroupSummary } from '../../app/groups.js';
import type { GroupPerson } from '../../domain/group.js';
import { can } from '../../domain/policy.js';
import { ButtonLink } from '../components/button.js';
import { FollowButton } from '../components/follow.js';
import { Layout } from '../components/layout.js';
import { ListOrEmpty } from '../components/list.js';
import { Markdown } from '../components/markdown.js';
import { OccurrenceLink } from '../components/meeting-card.js';
import { Section } from '../components/section.js';
import { StatusChip } from '../components/status-chip.js';
import type { PageContext } from '../page-context.js';

const pathOf = (slug: string) => `/groups/${slug}`;

function People({ ctx, people, empty }: { ctx: PageContext; people: readonly GroupPerson[]; empty: string }) {
  return (
    <ListOrEmpty items={[...people]} empty={empty} emptyClass="muted" class="link-list">
      {(p) => (
        <li key={p.userId}>
          <a href={ctx.url(`/people/${p.userId}`)}>{p.name}</a>
        </li>
      )}
    </ListOrEmpty>
  );
}

/** Every group by name, with its leads. */
export function GroupListPage({ ctx, groups }: { ctx: PageContext; groups: GroupSummary[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('groups.title')}>
      <h1>{t('groups.title')}</h1>
      <p>{t('groups.intro')}</p>
      {can(ctx.actor, 'group.manage') && (
        <p>
          <ButtonLink href={ctx.url('/groups/new')}>{t('groups.new')}</ButtonLink>
        </p>
      )}
      <ListOrEmpty items={groups} empty={t('groups.none')} class="idea-list">
        {({ group, leads }) => (
          <li key={group.id} class="idea-row">
            <div class="idea-row-head">
              <a class="idea-title" href={ctx.url(pathOf(group.slug))}>
                {group.name}
              </a>
            </div>
            {leads.length > 0 && (
              <p class="hint">
                {t('groups.leads')}: {leads.map((l) => l.name).join(', ')}
              </p>
            )}
          </li>
        )}
      </ListOrEmpty>
    </Layout>
  );
}

/** The group's soonest meeting and its agenda: the accepted topics, each linking to it on the meeting's page. */
function NextMeeting({ ctx, next }: { ctx: PageContext; next: GroupHome['next'] }) {
  const { t } = ctx;
  if (!next) return <p class="muted">{t('meetings.noUpcoming')}</p>;
  const base = `/meetings/${next.series.slug}/${next.next.key}`;
  return (
    <>
      <p>
        <a href={ctx.url(`/meetings/${next.series.slug}`)}>{next.series.title}</a>
        {': '}
        <OccurrenceLink ctx={ctx} series={next.series} occurrence={next.next} />
      </p>
      <h3>{t('groups.agenda')}</h3>
      <ListOrEmpty items={next.agenda} empty={t('groups.noAgenda')} emptyClass="muted" class="link-list">
        {(topic) => (
          <li key={topic.id}>
            <a href={ctx.url(`${base}#topic-${topic.id}`)}>{topic.title}</a>
          </li>
        )}
      </ListOrEmpty>
    </>
  );
}

/** The latest published minutes of the group's meetings, each linking to them. */
function RecentMinutes({ ctx, minutes }: { ctx: PageContext; minutes: GroupHome['minutes'] }) {
  const { t } = ctx;
  const day = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'long', timeZone: 'UTC' });
  return (
    <ListOrEmpty items={minutes} empty={t('groups.noMinutes')} emptyClass="muted" class="link-list">
      {(m) => (
        <li key={`${m.series.id}/${m.occurrence}`}>
          <a href={ctx.url(`/meetings/${m.series.slug}/${m.occurrence}#minutes`)}>
            {t('groups.minutesOf', {
              series: m.series.title,
              date: day.format(new Date(`${m.occurrence}T00:00:00Z`)),
            })}
          </a>
        </li>
      )}
    </ListOrEmpty>
  );
}

/** A group's meeting series with their next meetings, and for its leads the way to make one. */
function GroupMeetings({ ctx, home, leads }: { ctx: PageContext; home: GroupHome; leads: GroupPerson[] }) {
  const { t } = ctx;
  const { group } = home;
  return (
    <Section name="meetings" title={t('groups.meetings')}>
      {can(ctx.actor, 'series.edit', { groupLeads: leads.map((p) => p.userId) }) && (
        <p>
          <ButtonLink href={ctx.url(`/meetings/new?group=${encodeURIComponent(group.slug)}`)}>
            {t('meetings.new')}
          </ButtonLink>
        </p>
      )}
      <ListOrEmpty items={home.series} empty={t('groups.noMeetings')} emptyClass="muted" class="link-list">
        {({ series, next }) => (
          <li key={series.id}>
            <a href={ctx.url(`/meetings/${series.slug}`)}>{series.title}</a>
            {': '}
            {next ? (
              <OccurrenceLink ctx={ctx} series={series} occurrence={next} />
            ) : (
              <span class="muted">{t('meetings.noUpcoming')}</span>
            )}
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}

/** A group's boards, and for its leads the way to make one. */
function GroupBoards({ ctx, home, leads }: { ctx: PageContext; home: GroupHome; leads: GroupPerson[] }) {
  const { t } = ctx;
  return (
    <Section name="boards" title={t('groups.boards')}>
      {can(ctx.actor, 'board.edit', { groupLeads: leads.map((p) => p.userId) }) && (
        <p>
          <ButtonLink href={ctx.url(`/boards/new?group=${encodeURIComponent(home.group.slug)}`)}>
            {t('board.new')}
          </ButtonLink>
        </p>
      )}
      <ListOrEmpty items={home.boards} empty={t('groups.noBoards')} emptyClass="muted" class="link-list">
        {(b) => (
          <li key={b.id}>
            <a href={ctx.url(`/boards/${encodeURIComponent(b.slug)}`)}>{b.title || b.slug}</a>
          </li>
        )}
      </ListOrEmpty>
    </Section>
  );
}

/**
 * A group's home: what it is for, its next meeting with the agenda, recent minutes, who leads it
 * and is in it, its meeting series, boards and ideas.
 */
export function GroupPage({
  ctx,
  home,
  following,
}: {
  ctx: PageContext;
  home: GroupHome;
  following: boolean;
}) {
  const { t } = ctx;
  const { group } = home;
  const leads = home.people.filter((p) => p.role === 'lead');
  const members = home.people.filter((p) => p.role === 'member');
  return (
    <Layout ctx={ctx} title={group.name}>
      <h1>{group.name}</h1>
      {can(ctx.actor, 'group.manage') && (
        <p>
          <ButtonLink href={ctx.url(`${pathOf(group.slug)}/edit`)}>{t('groups.edit')}</ButtonLink>
        </p>
      )}
      <p>
        <FollowButton ctx={ctx} action={`${pathOf(group.slug)}/follow`} following={following} />
      </p>
      <Markdown ctx={ctx} source={group.description} />
      <Section name="next-meeting" title={t('groups.nextMeeting')}>
        <NextMeeting ctx={ctx} next={home.next} />
      </Section>
      <Section name="recent-minutes" title={t('groups.recentMinutes')}>
        <RecentMinutes ctx={ctx} minutes={home.minutes} />
      </Section>
      <GroupMeetings ctx={ctx} home={home} leads={leads} />
      <Section name="leads" title={t('groups.leads')}>
        <People ctx={ctx} people={leads} empty={t('groups.noLeads')} />
      </Section>
      <Section name="members" title={t('groups.members')}>
        <People ctx={ctx} people={members} empty={t('groups.noMembers')} />
      </Section>
      <GroupBoards ctx={ctx} home={home} leads={leads} />
      <Section name="ideas" title={t('groups.ideas')}>
        <ListOrEmpty items={home.ideas} empty={t('groups.noIdeas')} emptyClass="muted" class="link-list">
          {(idea) => (
            <li key={idea.id}>
              <a href={ctx.url(`/ideas/${encodeURIComponent(idea.slug)}`)}>{idea.title}</a>{' '}
              <StatusChip status={idea.status} t={t} />
            </li>
          )}
        </ListOrEmpty>
        <p>
          <a href={ctx.url(`/backlog?group=${encodeURIComponent(group.slug)}`)}>{t('groups.inBacklog')}</a>
        </p>
      </Section>
    </Layout>
  );
}
