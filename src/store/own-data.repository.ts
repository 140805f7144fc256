import { type Kysely, type Selectable, sql } from 'kysely';
import { changesRepository } from './changes.repository.js';
import { deleteBy, pickBy, updateBy } from './queries.js';
import type { DB, IdeasTable, MinutesTable } from './schema.js';
import { indexRows } from './search-documents.js';

/** `%` and `_` in an address or a name are literal characters, not wildcards. */
const literal = (text: string) => text.replace(/[\\%_]/gu, (c) => `\\${c}`);

/** Rows that carry a meeting series' slug beside their own columns. */
type WithSeries<T> = T & { series: string };

/** The account's own rows, read for its export (no secrets: see the selects). */
function accountReads(db: Kysely<DB>) {
  return {
    /** Sessions without their id: the id is the hash of the cookie's secret. */
    async sessions(userId: string) {
      const columns = ['created_at', 'expires_at', 'last_seen_at', 'user_agent'] as const;
      return pickBy(db, 'sessions', columns, { user_id: userId }, ['created_at']);
    },

    /** API tokens by name and dates, never their hash. */
    async tokens(userId: string) {
      const columns = ['name', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'] as const;
      return pickBy(db, 'api_tokens', columns, { user_id: userId }, ['created_at']);
    },

    async identities(userId: string) {
      const account = ['provider', 'subject', 'email', 'email_verified', 'login'] as const;
      const columns = [...account, 'created_at', 'last_used_at'] as const;
      return pickBy(db, 'identities', columns, { user_id: userId }, ['created_at']);
    },

    /** Entries the person wrote and entries about their account. */
    async audit(userId: string) {
      return db
        .selectFrom('audit_log')
        .select(['at', 'action', 'entity_type', 'entity_id', 'summary'])
        .where((eb) =>
          eb.or([
            eb('actor_id', '=', userId),
            eb.and([eb('entity_type', '=', 'user'), eb('entity_id', '=', userId)]),
          ]),
        )
        .orderBy('id')
        .execute();
    },

    /** The ideas the person said they want too. */
    async interest(userId: string) {
      return db
        .selectFrom('idea_interest')
        .innerJoin('ideas', 'ideas.id', 'idea_interest.idea_id')
        .select(['ideas.id as idea_id', 'ideas.title', 'idea_interest.created_at'])
        .where('idea_interest.user_id', '=', userId)
        .orderBy('idea_interest.created_at')
        .execute();
    },

    /** The groups the person belongs to, with their role in each. */
    async groups(userId: string) {
      return db
        .selectFrom('group_members')
        .innerJoin('groups', 'groups.id', 'group_members.group_id')
        .select(['groups.slug as group', 'groups.name', 'group_members.role', 'group_members.created_at'])
        .where('group_members.user_id', '=', userId)
        .orderBy('groups.slug')
        .execute();
    },

    /** What the person follows, by kind and id. */
    async follows(userId: string) {
      const columns = ['target_type', 'target_id', 'created_at'] as const;
      return pickBy(db, 'follows', columns, { user_id: userId }, ['created_at']);
    },

    async subscriptions(email: string) {
      return db
        .selectFrom('calendar_subscribers')
        .innerJoin('meeting_series', 'meeting_series.id', 'calendar_subscribers.series_id')
        .select(['calendar_subscribers.email', 'calendar_subscribers.locale', 'calendar_subscribers.status'])
        .select(['calendar_subscribers.created_at', 'calendar_subscribers.confirmed_at'])
        .select(['calendar_subscribers.unsubscribed_at', 'meeting_series.slug as series'])
        .where('calendar_subscribers.email', '=', email)
        .orderBy('calendar_subscribers.created_at')
        .execute();
    },
  };
}

/** What the person proposed: ideas, their history, topics. */
function authoredReads(db: Kysely<DB>) {
  return {
    async ideas(userId: string): Promise<(Selectable<IdeasTable> & { tags: string[] })[]> {
      const rows = await db
        .selectFrom('ideas')
        .selectAll()
        .where('proposer_id', '=', userId)
        .orderBy('created_at')
        .execute();
      if (rows.length === 0) return [];
      const tags = await db
        .selectFrom('idea_tags')
        .selectAll()
        .where(
          'idea_id',
          'in',
          rows.map((r) => r.id),
        )
        .orderBy('tag')
        .execute();
      return rows.map((r) => ({ ...r, tags: tags.filter((t) => t.idea_id === r.id).map((t) => t.tag) }));
    },

    async ideaHistory(userId: string) {
      return db
        .selectFrom('idea_history')
        .innerJoin('ideas', 'ideas.id', 'idea_history.idea_id')
        .select(['ideas.slug as idea', 'idea_history.at', 'idea_history.action'])
        .select(['idea_history.from_status', 'idea_history.to_status', 'idea_history.reason'])
        .where('idea_history.actor_id', '=', userId)
        .orderBy('idea_history.at')
        .execute();
    },

    async topics(userId: string) {
      return db
        .selectFrom('agenda_topics')
        .innerJoin('meeting_series', 'meeting_series.id', 'agenda_topics.series_id')
        .selectAll('agenda_topics')
        .select('meeting_series.slug as series')
        .where('agenda_topics.proposer_id', '=', userId)
        .orderBy('agenda_topics.created_at')
        .execute();
    },
  };
}

/** The person's comments and the earlier texts of those they edited. */
function commentReads(db: Kysely<DB>) {
  return {
    async comments(userId: string) {
      const columns = [
        'id',
        'target_type',
        'target_id',
        'parent_id',
        'body',
        'created_at',
        'edited_at',
      ] as const;
      const hidden = ['deleted_at', 'hidden_at', 'hidden_reason'] as const;
      return pickBy(db, 'comments', [...columns, ...hidden], { author_id: userId }, ['created_at', 'id']);
    },

    async commentHistory(userId: string) {
      return db
        .selectFrom('comment_history')
        .innerJoin('comments', 'comments.id', 'comment_history.comment_id')
        .select(['comment_history.comment_id', 'comment_history.body', 'comment_history.replaced_at'])
        .where('comments.author_id', '=', userId)
        .orderBy('comment_history.replaced_at')
        .orderBy('comment_history.id')
        .execute();
    },
  };
}

/** What meetings recorded of the person: decisions, objections, action items, minutes. */
function meetingReads(db: Kysely<DB>) {
  return {
    async decisions(userId: string) {
      return db
        .selectFrom('decisions')
        .innerJoin('meeting_series', 'meeting_series.id', 'decisions.series_id')
        .select(['decisions.occurrence', 'decisions.text', 'decisions.state', 'decisions.created_at'])
        .select('meeting_series.slug as series')
        .where('decisions.created_by', '=', userId)
        .orderBy('decisions.created_at')
        .execute();
    },

    async objections(userId: string) {
      const columns = ['decision_id', 'reason', 'created_at'] as const;
      return pickBy(db, 'objections', columns, { user_id: userId }, ['created_at']);
    },

    /** Action items whose assignee is written as this name (assignees are free text). */
    async actionItems(name: string) {
      return db
        .selectFrom('action_items')
        .innerJoin('meeting_series', 'meeting_series.id', 'action_items.series_id')
        .select(['action_items.occurrence', 'action_items.text', 'action_items.assignee'])
        .select(['action_items.due_date', 'action_items.done', 'action_items.created_at'])
        .select('meeting_series.slug as series')
        .where(sql<boolean>`lower(${sql.ref('action_items.assignee')}) = ${name.toLowerCase()}`)
        .orderBy('action_items.created_at')
        .execute();
    },

    /** Minutes whose attendee names may hold `name` (the caller compares the names exactly). */
    async minutesNaming(name: string): Promise<WithSeries<Selectable<MinutesTable>>[]> {
      return db
        .selectFrom('minutes')
        .innerJoin('meeting_series', 'meeting_series.id', 'minutes.series_id')
        .selectAll('minutes')
        .select('meeting_series.slug as series')
        .where(
          sql<boolean>`lower(${sql.ref('minutes.attendee_names')}) like ${`%${literal(name.toLowerCase())}%`} escape ${'\\'}`,
        )
        .orderBy('minutes.occurrence')
        .execute();
    },

    async minutesNoted(userId: string) {
      return db
        .selectFrom('minutes')
        .innerJoin('meeting_series', 'meeting_series.id', 'minutes.series_id')
        .select(['minutes.occurrence', 'minutes.status', 'meeting_series.slug as series'])
        .where('minutes.note_taker_id', '=', userId)
        .orderBy('minutes.occurrence')
        .execute();
    },
  };
}

/** The steps of deleting an account, in the order the use-case takes them inside one transaction. */
function forgetting(db: Kysely<DB>) {
  const markers = changesRepository(db);
  return {
    /** Marks what the person proposed, before their row goes and the pointers to it are cleared. */
    async markProposals(userId: string, at: string): Promise<void> {
      await updateBy(db, 'ideas', { proposer_id: userId }, { proposer_left_at: at });
      await updateBy(db, 'agenda_topics', { proposer_id: userId }, { proposer_left_at: at });
      await updateBy(db, 'comments', { author_id: userId }, { author_left_at: at });
      // Others' inboxes keep what happened, no longer by whom.
      await updateBy(db, 'notifications', { actor_id: userId }, { actor_name: null });
      await markers.bump('ideas');
    },

    /**
     * Ideas the person proposed whose description nobody else edited: those texts are theirs alone.
     * Titles are not returned for removal: slugs, decisions, agendas and board items refer to them.
     */
    async ideasWrittenAlone(userId: string): Promise<{ id: string; title: string }[]> {
      return db
        .selectFrom('ideas')
        .select(['ideas.id', 'ideas.title'])
        .where('ideas.proposer_id', '=', userId)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb
                .selectFrom('idea_history')
                .select('idea_history.id')
                .whereRef('idea_history.idea_id', '=', 'ideas.id')
                .where('idea_history.action', '=', 'edited')
                .where((e) =>
                  e.or([e('idea_history.actor_id', 'is', null), e('idea_history.actor_id', '<>', userId)]),
                )
                .where('idea_history.fields', 'like', '%description%'),
            ),
          ),
        )
        .execute();
    },

    async removeIdeaText(id: string, searchText: string, at: string): Promise<void> {
      await db
        .updateTable('ideas')
        .set({ description: '', links: '[]', search_text: searchText, text_removed_at: at })
        .where('id', '=', id)
        .execute();
      await indexRows(db, 'ideas', [id]);
    },

    /** Topics are edited by nobody but their proposer, so each of their texts is theirs alone. */
    async removeTopicTexts(userId: string, at: string): Promise<void> {
      await db
        .updateTable('agenda_topics')
        .set({ description: '', links: '[]', text_removed_at: at })
        .where('proposer_id', '=', userId)
        .execute();
      const topics = await db
        .selectFrom('agenda_topics')
        .select('id')
        .where('proposer_id', '=', userId)
        .execute();
      await indexRows(
        db,
        'agenda_topics',
        topics.map((t) => t.id),
      );
    },

    async setAttendees(minutesId: string, names: string, count: number | null): Promise<void> {
      await updateBy(db, 'minutes', { id: minutesId }, { attendee_names: names, attendee_count: count });
    },
  };
}

/** What deleting an account with its texts does to the person's comments. */
function commentRemoval(db: Kysely<DB>) {
  return {
    /** The person's comments are emptied as deleted ones are, and keep no earlier texts either. */
    async removeCommentTexts(userId: string, at: string): Promise<void> {
      await db
        .deleteFrom('comment_history')
        .where('comment_id', 'in', (eb) =>
          eb.selectFrom('comments').select('id').where('author_id', '=', userId),
        )
        .execute();
      await db
        .updateTable('comments')
        .set((eb) => ({
          body: '',
          deleted_at: eb.fn.coalesce('deleted_at', eb.val(at)),
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('author_id', '=', userId)
        .execute();
      await db
        .updateTable('notifications')
        .set({ data: '{}' })
        .where('actor_id', '=', userId)
        .where('kind', 'in', ['comment.created', 'comment.mentioned'])
        .execute();
      const comments = await db.selectFrom('comments').select('id').where('author_id', '=', userId).execute();
      await indexRows(
        db,
        'comments',
        comments.map((c) => c.id),
      );
    },
  };
}

/** The last step of deleting an account: its row and everything that only it had. */
function deletion(db: Kysely<DB>) {
  const markers = changesRepository(db);
  return {
    /**
     * Everything tied to the account goes with it: sign-ins, tokens, links by mail, invitations
     * to its address and mails about it still in the outbox; entries about the account keep
     * their opaque id but lose their text, which may name the address.
     */
    async deleteAccount(userId: string, email: string): Promise<void> {
      for (const table of ['sessions', 'api_tokens', 'account_tokens', 'identities'] as const)
        await deleteBy(db, table, { user_id: userId });
      await deleteBy(db, 'calendar_subscribers', { email });
      await db
        .deleteFrom('outbox')
        .where((eb) =>
          eb.or([
            sql<boolean>`${eb.ref('payload')} like ${`%${literal(userId)}%`} escape ${'\\'}`,
            sql<boolean>`lower(${eb.ref('payload')}) like ${`%${literal(email.toLowerCase())}%`} escape ${'\\'}`,
          ]),
        )
        .execute();
      await updateBy(db, 'audit_log', { entity_type: 'user', entity_id: userId }, { summary: '' });
      await deleteBy(db, 'users', { id: userId });
      await markers.bump('users');
    },
  };
}

/** What the hub holds about one account: read for its export, and taken out when it is deleted. */
export function ownDataRepository(db: Kysely<DB>) {
  return {
    ...accountReads(db),
    ...authoredReads(db),
    ...commentReads(db),
    ...meetingReads(db),
    ...forgetting(db),
    ...commentRemoval(db),
    ...deletion(db),
  };
}
