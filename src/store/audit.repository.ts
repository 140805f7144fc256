import type { Kysely, Selectable } from 'kysely';
import type { AuditLogTable, DB } from './schema.js';

export type AuditRow = Selectable<AuditLogTable>;

export function auditRepository(db: Kysely<DB>) {
  return {
    async insert(row: AuditRow): Promise<void> {
      await db.insertInto('audit_log').values(row).execute();
    },

    /** Many entries (an import), 500 rows per statement to stay within parameter limits. */
    async insertMany(rows: readonly AuditRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500)
        await db
          .insertInto('audit_log')
          .values(rows.slice(i, i + 500))
          .execute();
    },

    async listForEntity(entityType: string, entityId: string): Promise<AuditRow[]> {
      return db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', entityType)
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute();
    },

    async latest(limit: number): Promise<AuditRow[]> {
      return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
