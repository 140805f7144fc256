import type { Kysely } from 'kysely';
import { exists } from './queries.js';
import type { DB } from './schema.js';

/** What a new hub has already been given, for its first admin's checklist. */
export interface FirstRunProgress {
  hubNamed: boolean;
  series: boolean;
  maintainers: boolean;
  githubItems: boolean;
  ideas: boolean;
}

export function firstRunRepository(db: Kysely<DB>) {
  return {
    /** One look at each part: whether any row of it exists (never a count over a large table). */
    async progress(): Promise<FirstRunProgress> {
      const [hubNamed, series, maintainers, githubItems, ideas] = await Promise.all([
        db
          .selectFrom('settings')
          .select('key')
          .where('key', '=', 'hub.name')
          .where('value', '<>', '')
          .executeTakeFirst(),
        exists(db, 'meeting_series', {}),
        exists(db, 'users', { role: 'maintainer' }),
        db
          .selectFrom('board_items')
          .select('id')
          .where('external_id', 'is not', null)
          .limit(1)
          .executeTakeFirst(),
        exists(db, 'ideas', {}),
      ]);
      return {
        hubNamed: hubNamed !== undefined,
        series,
        maintainers,
        githubItems: githubItems !== undefined,
        ideas,
      };
    },
  };
}
