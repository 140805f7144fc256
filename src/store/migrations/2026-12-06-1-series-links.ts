import type * as col from './columns.js';

/**
 * Two more links of a meeting series: where its notes and agendas are kept (a shared document)
 * and where its recordings are. A group lead's titles in a `sigs.yaml` ("chair", "tech_lead",
 * comma-separated, as the file listed them) are kept beside the lead so an export gives the
 * file's leadership back; NULL for plain members and leads made in the hub.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('meeting_series').addColumn('notes_url', 'text').execute();
  await db.schema.alterTable('meeting_series').addColumn('recordings_url', 'text').execute();
  await db.schema.alterTable('group_members').addColumn('lead_titles', 'text').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('group_members').dropColumn('lead_titles').execute();
  await db.schema.alterTable('meeting_series').dropColumn('recordings_url').execute();
  await db.schema.alterTable('meeting_series').dropColumn('notes_url').execute();
}
