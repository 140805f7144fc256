import { type Kysely, sql } from 'kysely';
import type { Engine } from './db.js';
import type { DB } from './schema.js';

/**
 * Every table a backup holds, in an order in which rows can be inserted (referenced tables
 * first), with the columns that order its rows.
 */
export const BACKUP_TABLES = [
  { name: 'users', key: ['id'] },
  { name: 'identities', key: ['id'] },
  { name: 'sessions', key: ['id'] },
  { name: 'api_tokens', key: ['id'] },
  { name: 'invitations', key: ['id'] },
  { name: 'settings', key: ['key'] },
  { name: 'groups', key: ['id'] },
  { name: 'group_members', key: ['group_id', 'user_id'] },
  { name: 'ideas', key: ['id'] },
  { name: 'idea_tags', key: ['idea_id', 'tag'] },
  { name: 'idea_history', key: ['id'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'meeting_series', key: ['id'] },
  { name: 'occurrence_changes', key: ['id'] },
  { name: 'meeting_reminders', key: ['series_id', 'occurrence', 'kind'] },
  { name: 'agenda_topics', key: ['id'] },
  { name: 'minutes', key: ['id'] },
  { name: 'decisions', key: ['id'] },
  { name: 'objections', key: ['id'] },
  { name: 'action_items', key: ['id'] },
  { name: 'boards', key: ['id'] },
  { name: 'board_columns', key: ['id'] },
  { name: 'board_items', key: ['id'] },
  { name: 'roadmap_horizons', key: ['idea_id'] },
  { name: 'idea_interest', key: ['idea_id', 'user_id'] },
  { name: 'idea_interest_milestones', key: ['idea_id', 'milestone'] },
  { name: 'follows', key: ['user_id', 'target_type', 'target_id'] },
  { name: 'comments', key: ['id'] },
  { name: 'comment_history', key: ['id'] },
  { name: 'comment_reports', key: ['id'] },
  { name: 'mentions', key: ['comment_id', 'user_id'] },
  { name: 'notifications', key: ['id'] },
  { name: 'notification_settings', key: ['user_id'] },
  { name: 'calendar_subscribers', key: ['id'] },
  { name: 'proposals', key: ['id'] },
  { name: 'proposal_history', key: ['id'] },
  { name: 'proposal_ideas', key: ['proposal_id', 'idea_id'] },
  { name: 'webhook_endpoints', key: ['id'] },
  { name: 'outbox', key: ['id'] },
] as const satisfies readonly { name: keyof DB; key: readonly string[] }[];

/**
 * Left out: the rate-limit counters, the one-time form tokens and mailed links, sign-in round
 * trips still under way, the change markers that only tell caches to refresh, and the search
 * index's documents, which a restore writes anew from the items. Webhook messages and their
 * delivery log are left out too: a log of what this instance sent, whose replay after a restore
 * would send receivers old events again (their outbox jobs find no message then and are skipped).
 * So are the daily digests: the notifications they took stay marked as mailed, and a digest's
 * mail still queued finds no digest and is skipped.
 */
export const NOT_BACKED_UP: readonly (keyof DB)[] = [
  'rate_limits',
  'change_markers',
  'form_tokens',
  'account_tokens',
  'sign_in_attempts',
  'search_documents',
  'webhook_messages',
  'webhook_deliveries',
  'notification_digests',
];

/** Key columns holding numbers: both engines order these alike by value, with no collation. */
const NUMBER_KEYS: ReadonlySet<string> = new Set(['milestone']);

export type BackupTable = (typeof BACKUP_TABLES)[number]['name'];
export type Row = Record<string, string | number | null>;

/** Plain rows in and out, table by table; the app decides what a backup holds. */
export function backupRepository(db: Kysely<DB>, engine: Engine) {
  return {
    async count(table: BackupTable): Promise<number> {
      const row = await db.selectFrom(table).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Rows in key order, `pageSize` at a time, so a large table never sits in memory twice. */
    async *rows(table: BackupTable, pageSize = 1000): AsyncGenerator<Row[]> {
      const key = BACKUP_TABLES.find((t) => t.name === table)?.key ?? ['id'];
      for (let offset = 0; ; offset += pageSize) {
        // Ordering by the key in byte order (COLLATE "C" on PostgreSQL, SQLite's default)
        // gives both engines the same sequence.
        let q = db.selectFrom(table).selectAll();
        for (const column of key) {
          const bytes = engine === 'postgres' && !NUMBER_KEYS.has(column);
          q = q.orderBy(bytes ? sql`${sql.ref(column)} collate "C"` : sql.ref(column));
        }
        const page = (await q.limit(pageSize).offset(offset).execute()) as Row[];
        if (page.length === 0) return;
        yield page;
        if (page.length < pageSize) return;
      }
    },

    async insert(table: BackupTable, rows: Row[]): Promise<void> {
      if (rows.length === 0) return;
      // The table is chosen at run time, so its row type is not known statically; the caller
      // has checked every column against the table (see backup.ts).
      await db
        .insertInto(table)
        .values(rows as never)
        .execute();
    },

    async clear(table: BackupTable): Promise<void> {
      await db.deleteFrom(table).execute();
    },

    async columns(table: BackupTable): Promise<string[]> {
      const tables = await db.introspection.getTables();
      return tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
    },

    async migrations(): Promise<string[]> {
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db);
      return rows.rows.map((r) => r.name);
    },
  };
}
