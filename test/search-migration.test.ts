import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateTo, migrateToLatest } from '../src/store/migrate.js';
import type { SearchScope } from '../src/store/search.repository.js';
import { createStore } from '../src/store/store.js';
import { freshDatabase } from './support/fresh-database.js';
import { ENGINES } from './support/hub.js';

/**
 * The search migration indexes what a hub held before it: ideas and comments written under the
 * migration before it are found afterwards, German spellings included; deleted comments are not.
 * Undone, it leaves the schema it found, and it runs again.
 */

const AT = '2026-12-01T10:00:00.000Z';
const PUBLIC: SearchScope = {
  removedIdeas: false,
  heldIdeas: false,
  hiddenComments: false,
  draftMinutes: false,
  draftDecisions: false,
  ledGroups: [],
  userId: null,
};

describe.each(ENGINES)('the search migration on %s', (engine) => {
  it('indexes the ideas and comments already there, and can be undone and run again', async () => {
    const fresh = await freshDatabase(engine);
    try {
      const { db } = fresh.database;
      await migrateTo(db, '2026-12-02-93-own-data');
      const idea = { id: '0190f3a1-0000-7000-8000-000000000001', title: 'Überwachung der Builds' };
      await db
        .insertInto('ideas')
        .values({
          ...idea,
          slug: 'uberwachung-der-builds',
          description: 'Alerts for stalled runners',
          search_text: 'uberwachung der builds alerts for stalled runners',
          status: 'backlog',
          status_reason: null,
          links: '[]',
          proposer_id: null,
          created_at: AT,
          updated_at: AT,
          version: 1,
        })
        .execute();
      const comment = (id: string, body: string, deletedAt: string | null) => ({
        id,
        target_type: 'idea',
        target_id: idea.id,
        parent_id: null,
        author_id: null,
        body,
        edited_at: null,
        deleted_at: deletedAt,
        hidden_at: null,
        hidden_reason: null,
        hidden_by: null,
        author_left_at: null,
        created_at: AT,
        updated_at: AT,
        version: 1,
      });
      await db
        .insertInto('comments')
        .values([
          comment('0190f3a1-0000-7000-8000-000000000002', 'Grafana dashboards größer', null),
          comment('0190f3a1-0000-7000-8000-000000000003', 'Grafana gone', AT),
        ])
        .execute();

      await migrateToLatest(db);
      const search = createStore(fresh.database).read.search;
      const find = async (...words: string[]) =>
        (await search.search({ words, kinds: [], offset: 0, limit: 10 }, PUBLIC)).map(
          (r) => `${r.kind} ${r.id}`,
        );
      expect(await find('ueberwachung')).toEqual([`idea ${idea.id}`]);
      expect(await find('uberwachung', 'runners')).toEqual([`idea ${idea.id}`]);
      expect(await find('grafana')).toEqual(['comment 0190f3a1-0000-7000-8000-000000000002']);
      expect(await find('groesser')).toEqual(['comment 0190f3a1-0000-7000-8000-000000000002']);

      await migrateTo(db, '2026-12-02-93-own-data');
      await migrateToLatest(db);
      expect(await find('ueberwachung')).toEqual([`idea ${idea.id}`]);
    } finally {
      await fresh.drop();
    }
  });
});

describe('the search index on postgres', () => {
  it('takes each document at once and is searched without parallel workers each document into the index at once and search it without parallel workers', async () => {
    const fresh = await freshDatabase('postgres');
    try {
      const { db } = fresh.database;
      await migrateToLatest(db);
      const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`
          select relname, reloptions from pg_class
          where relname in ('search_documents', 'search_documents_words') order by relname`.execute(db);
      expect(rows).toEqual([
        { relname: 'search_documents', reloptions: ['parallel_workers=0'] },
        { relname: 'search_documents_words', reloptions: ['fastupdate=off'] },
      ]);
    } finally {
      await fresh.drop();
    }
  });
});
