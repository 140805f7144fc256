import * as col from './columns.js';

/**
 * Signed webhooks. An endpoint is an admin's HTTPS URL with the events it wants and the secret
 * that signs what it is sent; a message is one event for one endpoint (its id is the
 * `webhook-id` a receiver deduplicates by, the same on every attempt and redelivery); a delivery
 * is one attempt to send a message, logged with what the receiver answered.
 */
export async function up(db: col.AnyDB): Promise<void> {
  await col.createTable(db, 'webhook_endpoints', [
    col.id,
    // events: a JSON array of event names; status: active or paused.
    col.texts('url', 'description', 'events', 'secret', 'status'),
    col.optionalTexts('paused_at', 'paused_reason'),
    // Messages in a row whose every attempt failed; at the limit the endpoint pauses.
    col.integers('failed_messages'),
    col.tracked,
  ]);

  await col.createTable(db, 'webhook_messages', [
    col.id,
    col.belongsTo('endpoint_id', 'webhook_endpoints'),
    // event: the type, data and hub path as the use-case told them, in JSON.
    // status: pending, delivered, failed or skipped (the endpoint was paused or removed).
    col.texts('event_type', 'event', 'status', 'created_at'),
  ]);
  await col.createIndex(db, 'webhook_messages_endpoint_idx', 'webhook_messages', ['endpoint_id', 'id']);

  await col.createTable(db, 'webhook_deliveries', [
    col.id,
    col.belongsTo('message_id', 'webhook_messages'),
    col.belongsTo('endpoint_id', 'webhook_endpoints'),
    col.texts('at'),
    col.integers('duration_ms'),
    // No response status when the request failed before an answer (timeout, refused target).
    col.optionalIntegers('response_status'),
    col.optionalTexts('response_body', 'error'),
  ]);
  await col.createIndex(db, 'webhook_deliveries_endpoint_idx', 'webhook_deliveries', ['endpoint_id', 'id']);
}

export async function down(db: col.AnyDB): Promise<void> {
  await col.dropTables(db, 'webhook_deliveries', 'webhook_messages', 'webhook_endpoints');
}
