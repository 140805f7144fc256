import type { Kysely, Selectable } from 'kysely';
import { findById, insertRow, pageBefore, versionedTable } from './queries.js';
import type { DB, WebhookDeliveriesTable, WebhookEndpointsTable, WebhookMessagesTable } from './schema.js';

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;
export type WebhookMessageRow = Selectable<WebhookMessagesTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/** Endpoints: the admin's registrations, and the active ones an event goes to. */
function endpoints(db: Kysely<DB>) {
  const table = versionedTable(db, 'webhook_endpoints');
  return {
    findEndpoint: table.find,
    insertEndpoint: table.insert,
    updateEndpoint: table.update,

    async listEndpoints(): Promise<WebhookEndpointRow[]> {
      return db.selectFrom('webhook_endpoints').selectAll().orderBy('id').execute();
    },

    /** Active endpoints; the caller picks those subscribed to its event (events are JSON text). */
    async activeEndpoints(): Promise<WebhookEndpointRow[]> {
      return db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('status', '=', 'active')
        .orderBy('id')
        .execute();
    },

    async deleteEndpoint(id: string): Promise<boolean> {
      const r = await db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** Counts failed messages up (or back to 0) without touching the admin's version. */
    async setFailedMessages(id: string, failed: number): Promise<void> {
      await db
        .updateTable('webhook_endpoints')
        .set({ failed_messages: failed })
        .where('id', '=', id)
        .execute();
    },

    /** Pauses an endpoint on behalf of the hub; its version grows, so an open edit form sees it. */
    async pauseEndpoint(id: string, at: string, reason: string): Promise<void> {
      await db
        .updateTable('webhook_endpoints')
        .set((eb) => ({
          status: 'paused',
          paused_at: at,
          paused_reason: reason,
          updated_at: at,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .execute();
    },
  };
}

/** Messages (one event for one endpoint) and the log of attempts to deliver them. */
function messages(db: Kysely<DB>) {
  return {
    async insertMessage(row: WebhookMessageRow): Promise<void> {
      await insertRow(db, 'webhook_messages', row);
    },

    findMessage: (id: string) => findById(db, 'webhook_messages', id),

    async setMessageStatus(id: string, status: string): Promise<void> {
      await db.updateTable('webhook_messages').set({ status }).where('id', '=', id).execute();
    },

    async insertDelivery(row: WebhookDeliveryRow): Promise<void> {
      await insertRow(db, 'webhook_deliveries', row);
    },

    findDelivery: (id: string) => findById(db, 'webhook_deliveries', id),

    /** An endpoint's attempts, newest first, with the event each was about; `before` is a cursor. */
    async listDeliveries(endpointId: string, before: string | null, limit: number) {
      const q = db
        .selectFrom('webhook_deliveries as d')
        .innerJoin('webhook_messages as m', 'm.id', 'd.message_id')
        .selectAll('d')
        .select(['m.event_type', 'm.status as message_status'])
        .where('d.endpoint_id', '=', endpointId);
      return pageBefore(q, 'd.id', before, limit);
    },
  };
}

export type WebhookDeliveryListRow = Awaited<
  ReturnType<ReturnType<typeof messages>['listDeliveries']>
>[number];

export function webhooksRepository(db: Kysely<DB>) {
  return { ...endpoints(db), ...messages(db) };
}
