import type { FastifyBaseLogger } from 'fastify';
import { request } from 'undici';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { BlockedAddressError, webhookAgent } from './webhook-lookup.ts';
import type { DeliverWebhookJob } from './webhook-queue.ts';
import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type WebhookPolicy,
  webhookSignature,
  webhookUrlProblem,
} from './webhook-url.ts';

export type WebhookDeps = { db: Database; logger: FastifyBaseLogger; policy: WebhookPolicy };

// A receiver that takes longer is treated as down: the call is retried later.
const TIMEOUT_MS = 10_000;

type Attempt = { statusCode: number | null; error: string | null; retry: boolean };

/** An attempt worth repeating: no answer, or one that says "later" (a server error, 408, 429). */
const worthRetrying = (status: number) => status >= 500 || status === 408 || status === 429;

/**
 * One attempt of a queued call: POSTed once, never following a redirect, within a time limit, and
 * logged with its status, error and duration. A failure worth repeating throws (the queue retries it)
 * unless this is the last attempt.
 */
export async function deliverWebhook(
  deps: WebhookDeps,
  job: DeliverWebhookJob,
  meta: { attempt: number; lastAttempt: boolean },
): Promise<void> {
  const { organizationId, deliveryId } = job;
  const [delivery] = await withTenant(deps.db, organizationId, (tx) =>
    tx.query<{ url: string; secret: string | null; payload: string; state: string }>(
      'select url, secret, payload, state from webhook_deliveries where organization_id = $1 and id = $2',
      [organizationId, deliveryId],
    ),
  );
  if (delivery?.state !== 'queued') return;
  const started = performance.now();
  const problem = webhookUrlProblem(delivery.url, deps.policy);
  const attempt: Attempt = problem
    ? { statusCode: null, error: problem, retry: false }
    : await post(delivery.url, delivery.secret, delivery.payload, deps.policy);
  const durationMs = Math.round(performance.now() - started);
  const delivered = attempt.statusCode !== null && attempt.statusCode >= 200 && attempt.statusCode < 300;
  const state = delivered ? 'delivered' : attempt.retry && !meta.lastAttempt ? 'queued' : 'failed';
  await withTenant(deps.db, organizationId, async (tx) => {
    await tx.query(
      `insert into webhook_attempts (organization_id, delivery_id, attempt, status_code, error, duration_ms)
       values ($1, $2, $3, $4, $5, $6) on conflict do nothing`,
      [organizationId, deliveryId, meta.attempt, attempt.statusCode, attempt.error, durationMs],
    );
    await tx.query(
      `update webhook_deliveries set state = $3, updated_at = now()
        where organization_id = $1 and id = $2 and state = 'queued'`,
      [organizationId, deliveryId, state],
    );
  });
  if (delivered) return;
  deps.logger.warn({ organizationId, deliveryId, ...attempt, state }, 'webhook call failed');
  if (state === 'queued') throw new Error(attempt.error ?? `webhook answered ${attempt.statusCode}`);
}

async function post(
  url: string,
  secret: string | null,
  body: string,
  policy: WebhookPolicy,
): Promise<Attempt> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    // undici's request follows no redirect; the agent's lookup refuses non-public addresses.
    const response = await request(url, {
      method: 'POST',
      dispatcher: webhookAgent(policy),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'ActionConnect-Webhooks/1',
        [TIMESTAMP_HEADER]: timestamp,
        ...(secret ? { [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body) } : {}),
      },
      body,
    });
    // Only the status matters; the body is read away so the connection is freed.
    await response.body.dump().catch(() => undefined);
    const status = response.statusCode;
    if (status >= 200 && status < 300) return { statusCode: status, error: null, retry: false };
    const error =
      status >= 300 && status < 400 ? 'The receiver redirected; redirects are not followed' : null;
    return { statusCode: status, error, retry: worthRetrying(status) };
  } catch (error) {
    const blocked =
      error instanceof BlockedAddressError ||
      (error instanceof Error && error.cause instanceof BlockedAddressError);
    return { statusCode: null, error: reasonOf(error), retry: !blocked };
  }
}

/** The reason a call failed: a timeout, or the connection's own (refused, reset, DNS, a blocked address). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `No answer within ${TIMEOUT_MS / 1000} seconds`;
  return error.cause instanceof Error ? error.cause.message : error.message;
}
