// Seeds a benchmark database through the compiled store (dist/): migrations, one maintainer,
// then ideas. A few hundred go through the use-cases as a maintainer's proposals would; large
// numbers are written in batches of plain inserts, because 100 000 single transactions would
// measure the seeding, not the hub.

import { createApp } from '../../dist/app/app.js';
import { ideaSearchText } from '../../dist/domain/idea.js';
import { slugify } from '../../dist/domain/text.js';
import { openDatabase } from '../../dist/store/db.js';
import { newId } from '../../dist/store/ids.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { createStore } from '../../dist/store/store.js';

const WORDS = (
  'calendar feed badge invitation backlog roadmap triage meeting minutes agenda release ' +
  'plugin theme search export import mirror cache queue worker metrics dashboard token ' +
  'webhook mailing archive translation keyboard contrast mobile offline sync upload avatar ' +
  'Äpfel Übersicht größe café naïve zürich Ørsted Straße élan'
).split(' ');
export const TAGS = ['ui', 'api', 'docs', 'infra', 'i18n', 'a11y', 'perf', 'security', 'mail', 'feeds'];
const STATUSES = ['proposed', 'backlog', 'backlog', 'backlog', 'roadmap', 'in_progress', 'done', 'declined'];

/** A small deterministic generator, so every run seeds the same titles. */
export function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Title, description, tags and status of the i-th benchmark idea. */
export function benchIdea(i, next) {
  const pick = (list) => list[Math.floor(next() * list.length)];
  const words = Array.from({ length: 2 + Math.floor(next() * 4) }, () => pick(WORDS));
  const first = words[0] ?? 'idea';
  const title = `${first[0].toUpperCase()}${first.slice(1)} ${words.slice(1).join(' ')} ${i}`;
  const description = Array.from({ length: 12 + Math.floor(next() * 30) }, () => pick(WORDS)).join(' ');
  const tags = [...new Set(Array.from({ length: Math.floor(next() * 3) }, () => pick(TAGS)))];
  return { title, description, tags, status: pick(STATUSES) };
}

/**
 * Migrates the database behind `databaseUrl` (PostgreSQL) or `sqliteFile` and adds `count`
 * ideas; returns how long seeding took.
 */
export async function seed({ databaseUrl, sqliteFile, count }) {
  const started = performance.now();
  const database = openDatabase({ databaseUrl, sqliteFile });
  try {
    await migrateToLatest(database.db);
    const store = createStore(database);
    const app = createApp(store);
    const maintainer = await app.accounts.createUser('system', {
      email: 'bench@example.org',
      name: 'Bench Maintainer',
      role: 'maintainer',
      password: 'correct horse battery',
    });
    const actor = { kind: 'user', userId: maintainer.id, role: maintainer.role, name: maintainer.name };
    const next = random(42);
    if (count <= 1000) {
      for (let i = 0; i < count; i++) {
        const { title, description, tags } = benchIdea(i, next);
        await app.ideas.propose(actor, { title, description, tags, links: [], status: 'backlog' });
      }
    } else {
      const at = new Date().toISOString();
      const BATCH = 500;
      for (let from = 0; from < count; from += BATCH) {
        const ideas = [];
        const tags = [];
        for (let i = from; i < Math.min(count, from + BATCH); i++) {
          const idea = benchIdea(i, next);
          const id = newId();
          ideas.push({
            id,
            slug: `${slugify(idea.title)}`,
            title: idea.title,
            description: idea.description,
            search_text: ideaSearchText(idea),
            status: idea.status,
            status_reason: idea.status === 'declined' ? 'Out of scope' : null,
            links: '[]',
            proposer_id: maintainer.id,
            created_at: at,
            updated_at: at,
            version: 1,
          });
          for (const tag of idea.tags) tags.push({ idea_id: id, tag });
        }
        await database.db.transaction().execute(async (trx) => {
          await trx.insertInto('ideas').values(ideas).execute();
          if (tags.length > 0) await trx.insertInto('idea_tags').values(tags).execute();
        });
      }
    }
  } finally {
    await database.close();
  }
  return performance.now() - started;
}
