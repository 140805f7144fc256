import { PostgresAdapter, sql } from 'kysely';
import type * as col from './columns.js';

/**
 * PostgreSQL announces each new change stamp on the channel the live pages listen on
 * (`plenum_changes`, event channel `changes`, id = the topic), whoever writes it: an instance,
 * a CLI import, a restore. An instance that hears every commit can then keep the stamps in
 * memory for readers who wrote nothing, instead of reading them on every request. SQLite has no
 * listeners: its server reads the stamps each time (in process, and the CLI may write the file).
 */
export async function up(db: col.AnyDB): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`create function plenum_change_markers_notify() returns trigger language plpgsql as $$
    begin
      perform pg_notify('plenum_changes', json_build_object('channel', 'changes', 'id', new.topic)::text);
      return null;
    end
  $$`.execute(db);
  await sql`create trigger change_markers_notify after insert or update on change_markers
    for each row execute function plenum_change_markers_notify()`.execute(db);
}

export async function down(db: col.AnyDB): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  await sql`drop trigger if exists change_markers_notify on change_markers`.execute(db);
  await sql`drop function if exists plenum_change_markers_notify()`.execute(db);
}
