import { type Kysely, sql } from 'kysely';
import { deleteBy, insertUnlessExists } from './queries.js';
import type { DB } from './schema.js';

/** What can be followed, as `follows.target_type` names it. */
export type FollowKind = 'idea' | 'series' | 'board' | 'group' | 'proposal';

export interface FollowTarget {
  kind: FollowKind;
  id: string;
}

/** One follow with what it follows, as one's own list shows it. */
export interface FollowRow {
  /** `kind:id`: the key the list is paged by. */
  key: string;
  target_type: string;
  target_id: string;
  created_at: string;
  slug: string | null;
  title: string | null;
}

/** Following and unfollowing, and who follows one thing. */
function followWrites(db: Kysely<DB>) {
  const where = (userId: string, target: FollowTarget) =>
    db
      .selectFrom('follows')
      .where('user_id', '=', userId)
      .where('target_type', '=', target.kind)
      .where('target_id', '=', target.id);
  return {
    /** True when the member did not follow it yet (a second time adds nothing). */
    async add(userId: string, target: FollowTarget, at: string): Promise<boolean> {
      return insertUnlessExists(
        db,
        'follows',
        { user_id: userId, target_type: target.kind, target_id: target.id, created_at: at },
        ['user_id', 'target_type', 'target_id'],
      );
    },

    /** True when the member followed it until now. */
    async remove(userId: string, target: FollowTarget): Promise<boolean> {
      return deleteBy(db, 'follows', { user_id: userId, target_type: target.kind, target_id: target.id });
    },

    /** The ids of the things of one kind the member follows. */
    async idsOf(userId: string, kind: FollowKind): Promise<string[]> {
      const rows = await db
        .selectFrom('follows')
        .select('target_id')
        .where('user_id', '=', userId)
        .where('target_type', '=', kind)
        .orderBy('target_id')
        .execute();
      return rows.map((r) => r.target_id);
    },

    async has(userId: string, target: FollowTarget): Promise<boolean> {
      return (await where(userId, target).select('user_id').executeTakeFirst()) !== undefined;
    },

    /** The ids of everyone following the thing, for whatever tells followers of a change. */
    async followerIds(target: FollowTarget): Promise<string[]> {
      const rows = await db
        .selectFrom('follows')
        .select('user_id')
        .where('target_type', '=', target.kind)
        .where('target_id', '=', target.id)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => r.user_id);
    },
  };
}

/** One member's follows with what they follow, a page at a time. */
function followList(db: Kysely<DB>) {
  return {
    /**
     * Up to `limit` of the member's follows after the key `after` (`kind:id`), ordered by kind
     * and id, each with the slug and title of what it follows (null when that is gone).
     */
    async page(userId: string, after: string | null, limit: number): Promise<FollowRow[]> {
      let query = db
        .selectFrom('follows')
        .leftJoin('ideas', (j) =>
          j.onRef('ideas.id', '=', 'follows.target_id').on('follows.target_type', '=', 'idea'),
        )
        .leftJoin('meeting_series', (j) =>
          j.onRef('meeting_series.id', '=', 'follows.target_id').on('follows.target_type', '=', 'series'),
        )
        .leftJoin('boards', (j) =>
          j.onRef('boards.id', '=', 'follows.target_id').on('follows.target_type', '=', 'board'),
        )
        .leftJoin('groups', (j) =>
          j.onRef('groups.id', '=', 'follows.target_id').on('follows.target_type', '=', 'group'),
        )
        .leftJoin('proposals', (j) =>
          j.onRef('proposals.id', '=', 'follows.target_id').on('follows.target_type', '=', 'proposal'),
        )
        .select([
          'follows.target_type',
          'follows.target_id',
          'follows.created_at',
          // A proposal's address names it by its number.
          sql<
            string | null
          >`coalesce(ideas.slug, meeting_series.slug, boards.slug, groups.slug, cast(proposals.number as text))`.as(
            'slug',
          ),
          sql<
            string | null
          >`coalesce(ideas.title, meeting_series.title, boards.title, groups.name, proposals.title)`.as(
            'title',
          ),
        ])
        .where('follows.user_id', '=', userId);
      if (after !== null) {
        const at = after.indexOf(':');
        const [kind, id] = [after.slice(0, Math.max(at, 0)), after.slice(at + 1)];
        query = query.where((eb) =>
          eb.or([
            eb('follows.target_type', '>', kind),
            eb.and([eb('follows.target_type', '=', kind), eb('follows.target_id', '>', id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('follows.target_type')
        .orderBy('follows.target_id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ ...r, key: `${r.target_type}:${r.target_id}` }));
    },
  };
}

/** Who follows what: ideas, meeting series, boards, groups and proposals. */
export function followsRepository(db: Kysely<DB>) {
  return { ...followWrites(db), ...followList(db) };
}
