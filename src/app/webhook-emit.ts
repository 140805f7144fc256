import type { WebhookEvent } from '../domain/webhook-events.js';
import { newId } from '../store/ids.js';
import type { Repositories } from '../store/store.js';

export const WEBHOOK_JOB = 'webhook';

/**
 * The one hook through which use-cases tell webhooks of what happened, inside the transaction
 * of the change: one message and one outbox job for each active endpoint subscribed to the
 * event, so nothing is sent for a change that was rolled back and each job runs once.
 */
export async function emit(repos: Repositories, at: string, event: WebhookEvent): Promise<void> {
  const endpoints = await repos.webhooks.activeEndpoints();
  for (const endpoint of endpoints) {
    if (!(JSON.parse(endpoint.events) as string[]).includes(event.type)) continue;
    await queueMessage(repos, at, endpoint.id, event);
  }
}

/** A message of `event` for one endpoint and the outbox job that delivers it. */
export async function queueMessage(
  repos: Repositories,
  at: string,
  endpointId: string,
  event: WebhookEvent,
): Promise<string> {
  const id = `msg_${newId()}`;
  await repos.webhooks.insertMessage({
    id,
    endpoint_id: endpointId,
    event_type: event.type,
    event: JSON.stringify(event),
    status: 'pending',
    created_at: at,
  });
  await queueDelivery(repos, at, id);
  return id;
}

/** An outbox job delivering the message `messageId` (again, for a redelivery). */
export async function queueDelivery(repos: Repositories, at: string, messageId: string): Promise<void> {
  await repos.outbox.enqueue({
    id: newId(),
    kind: WEBHOOK_JOB,
    payload: JSON.stringify({ message: messageId }),
    created_at: at,
    run_after: at,
  });
}
