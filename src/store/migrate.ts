import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from 'kysely';
import * as initial from './migrations/2026-11-29-initial.js';
import * as meetings from './migrations/2026-11-30-1-meetings.js';
import * as invitations from './migrations/2026-11-30-2-invitations.js';
import * as changeMarkers from './migrations/2026-11-30-3-change-markers.js';
import * as agenda from './migrations/2026-11-30-4-agenda.js';
import * as minutes from './migrations/2026-11-30-5-minutes.js';
import * as board from './migrations/2026-11-30-7-board.js';
import * as rateLimits from './migrations/2026-12-02-1-rate-limits.js';
import * as formTokens from './migrations/2026-12-02-2-form-tokens.js';
import * as accountAccess from './migrations/2026-12-02-5-account-access.js';
import * as decisionVersions from './migrations/2026-12-02-6-decision-versions.js';
import * as passwordResets from './migrations/2026-12-02-7-password-resets.js';
import * as identities from './migrations/2026-12-02-8-identities.js';
import * as comments from './migrations/2026-12-02-91-comments.js';
import * as interestFollows from './migrations/2026-12-02-92-interest-follows.js';
import * as ownData from './migrations/2026-12-02-93-own-data.js';
import * as search from './migrations/2026-12-02-94-search.js';
import * as mentions from './migrations/2026-12-02-95-mentions.js';
import * as moderation from './migrations/2026-12-02-96-moderation.js';
import * as webhooks from './migrations/2026-12-02-97-webhooks.js';
import * as searchLookup from './migrations/2026-12-03-1-search-lookup.js';
import * as notifications from './migrations/2026-12-03-2-notifications.js';
import * as chatFormats from './migrations/2026-12-03-3-chat-formats.js';
import * as digest from './migrations/2026-12-03-4-digest.js';
import * as events from './migrations/2026-12-03-6-events.js';
import * as monthly from './migrations/2026-12-03-99-monthly.js';
import * as reminders from './migrations/2026-12-04-1-reminders.js';
import * as phases from './migrations/2026-12-04-3-phases.js';
import * as proposals from './migrations/2026-12-04-4-proposals.js';
import * as proposalDecisions from './migrations/2026-12-05-1-proposal-decisions.js';
import * as groups from './migrations/2026-12-05-2-groups.js';
import * as groupOrigins from './migrations/2026-12-05-3-group-origins.js';
import * as proposalSearch from './migrations/2026-12-05-4-proposal-search.js';
import * as seriesLinks from './migrations/2026-12-06-1-series-links.js';
import * as weekdayAfter from './migrations/2026-12-06-2-weekday-after.js';
import * as topicTrail from './migrations/2026-12-07-2-topic-trail.js';
import * as changeNotify from './migrations/2026-12-07-3-change-notify.js';
import type { DB } from './schema.js';

/**
 * Every migration, in order. Imported statically so the compiled server and the tests see
 * the same list without scanning directories. Never edit one that has been released.
 */
const MIGRATIONS: Record<string, Migration> = {
  '2026-11-29-initial': initial,
  // Kysely runs migrations in name order; the names sort in the order they must run.
  '2026-11-30-1-meetings': meetings,
  '2026-11-30-2-invitations': invitations,
  '2026-11-30-3-change-markers': changeMarkers,
  '2026-11-30-4-agenda': agenda,
  '2026-11-30-5-minutes': minutes,
  '2026-11-30-7-board': board,
  '2026-12-02-1-rate-limits': rateLimits,
  '2026-12-02-2-form-tokens': formTokens,
  '2026-12-02-5-account-access': accountAccess,
  '2026-12-02-6-decision-versions': decisionVersions,
  '2026-12-02-7-password-resets': passwordResets,
  '2026-12-02-8-identities': identities,
  '2026-12-02-91-comments': comments,
  '2026-12-02-92-interest-follows': interestFollows,
  '2026-12-02-93-own-data': ownData,
  '2026-12-02-94-search': search,
  '2026-12-02-95-mentions': mentions,
  '2026-12-02-96-moderation': moderation,
  '2026-12-02-97-webhooks': webhooks,
  '2026-12-03-1-search-lookup': searchLookup,
  '2026-12-03-2-notifications': notifications,
  '2026-12-03-3-chat-formats': chatFormats,
  '2026-12-03-4-digest': digest,
  '2026-12-03-6-events': events,
  '2026-12-03-99-monthly': monthly,
  '2026-12-04-1-reminders': reminders,
  '2026-12-04-3-phases': phases,
  '2026-12-04-4-proposals': proposals,
  '2026-12-05-2-groups': groups,
  '2026-12-05-3-group-origins': groupOrigins,
  '2026-12-05-4-proposal-search': proposalSearch,
  '2026-12-05-1-proposal-decisions': proposalDecisions,
  '2026-12-06-1-series-links': seriesLinks,
  '2026-12-06-2-weekday-after': weekdayAfter,
  '2026-12-07-2-topic-trail': topicTrail,
  '2026-12-07-3-change-notify': changeNotify,
};

class StaticProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

export async function migrateToLatest(db: Kysely<DB>): Promise<string[]> {
  return applied(await migrator(db).migrateToLatest());
}

/**
 * Migrates up (or down) to the named migration. For tests that check what a point in the
 * history builds: later migrations must not change it.
 */
export async function migrateTo(db: Kysely<DB>, name: string): Promise<string[]> {
  if (!(name in MIGRATIONS)) throw new Error(`no migration named ${name}`);
  return applied(await migrator(db).migrateTo(name));
}

function migrator(db: Kysely<DB>): Migrator {
  return new Migrator({ db, provider: new StaticProvider() });
}

function applied({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
