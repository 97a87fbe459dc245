import type { Queryable } from '../../db/client.ts';
import type { JobQueue, QueueDefinition } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';

/**
 * Calls one webhook. A failed attempt (no answer, a timeout, a 5xx, 408 or 429) is retried with
 * backoff from WEBHOOK_RETRY_SECONDS, set on each job; after the last one the delivery is failed.
 */
export const DELIVER_WEBHOOK: QueueDefinition = {
  name: 'automations.webhook',
  retryLimit: 5,
  retryDelaySeconds: 30,
  expireInSeconds: 120,
  workers: 2,
};

export type DeliverWebhookJob = { organizationId: string; deliveryId: string };

/** Where rule runs queue their webhook calls, and the first retry wait (WEBHOOK_RETRY_SECONDS). */
export type WebhookQueue = { jobs: Pick<JobQueue, 'send'>; retryDelaySeconds: number };

/**
 * Records the call and queues its job in the rule run's transaction: it happens only if the run
 * commits. The body is fixed now, so every attempt sends the same bytes.
 */
export async function queueWebhook(
  tx: Queryable,
  queue: WebhookQueue,
  input: {
    organizationId: string;
    ruleId: string;
    ticketId: string;
    eventId: string;
    url: string;
    secret: string | null;
    payload: Record<string, unknown>;
  },
): Promise<string> {
  const { organizationId } = input;
  const deliveryId = newId();
  await tx.query(
    `insert into webhook_deliveries (organization_id, id, rule_id, ticket_id, event_id, url, secret, payload)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      organizationId,
      deliveryId,
      input.ruleId,
      input.ticketId,
      input.eventId,
      input.url,
      input.secret,
      JSON.stringify({ id: deliveryId, ...input.payload }),
    ],
  );
  const job: DeliverWebhookJob = { organizationId, deliveryId };
  await queue.jobs.send(tx, DELIVER_WEBHOOK.name, job, { retryDelaySeconds: queue.retryDelaySeconds });
  return deliveryId;
}
