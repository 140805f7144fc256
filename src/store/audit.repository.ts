import type { Kysely, Selectable } from 'kysely';
import { insertRow, insertRows, listBy } from './queries.js';
import type { AuditLogTable, DB } from './schema.js';

export type AuditRow = Selectable<AuditLogTable>;

export function auditRepository(db: Kysely<DB>) {
  return {
    async insert(row: AuditRow): Promise<void> {
      await insertRow(db, 'audit_log', row);
    },

    /** Many entries (an import), 500 rows per statement to stay within parameter limits. */
    async insertMany(rows: readonly AuditRow[]): Promise<void> {
      await insertRows(db, 'audit_log', rows);
    },

    async listForEntity(entityType: string, entityId: string): Promise<AuditRow[]> {
      return listBy(db, 'audit_log', { entity_type: entityType, entity_id: entityId }, ['id']);
    },

    async latest(limit: number): Promise<AuditRow[]> {
      return db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
