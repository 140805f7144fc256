import type * as col from './columns.js';

/**
 * Where an imported group came from in a `sigs.yaml`: its list (`sig`, `workinggroup`,
 * `usergroup`, `committee`) and its GitHub label, kept so that exporting gives the file's shape
 * back. NULL for groups made in the hub.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('groups').addColumn('kind', 'text').execute();
  await db.schema.alterTable('groups').addColumn('label', 'text').execute();
}

export async function down(db: col.AnyDB): Promise<void> {
  await db.schema.alterTable('groups').dropColumn('label').execute();
  await db.schema.alterTable('groups').dropColumn('kind').execute();
}
