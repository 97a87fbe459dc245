import type { Queryable } from '../../db/client.ts';
import type { WebhookDelivery } from './automations.schemas.ts';

export type WebhookDeliveryRow = {
  id: string;
  rule_id: string;
  ticket_id: string;
  event_id: string;
  url: string;
  state: WebhookDelivery['state'];
  created_at: Date;
  attempts: {
    attempt: number;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
    createdAt: string;
  }[];
};

/** A rule's webhook calls, newest first, each with its attempts in order. */
export async function listWebhookDeliveries(
  tx: Queryable,
  input: { organizationId: string; ruleId: string; before: string | null; limit: number },
): Promise<WebhookDeliveryRow[]> {
  return tx.query<WebhookDeliveryRow>(
    `select d.id, d.rule_id, d.ticket_id, d.event_id, d.url, d.state, d.created_at,
            coalesce((select json_agg(json_build_object(
                        'attempt', a.attempt, 'statusCode', a.status_code, 'error', a.error,
                        'durationMs', a.duration_ms,
                        'createdAt', to_char(a.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                      order by a.attempt)
                        from webhook_attempts a
                       where a.organization_id = d.organization_id and a.delivery_id = d.id), '[]') as attempts
       from webhook_deliveries d
      where d.organization_id = $1 and d.rule_id = $2 and ($3::uuid is null or d.id < $3)
      order by d.id desc limit $4`,
    [input.organizationId, input.ruleId, input.before, input.limit],
  );
}

export const toWebhookDelivery = (row: WebhookDeliveryRow): WebhookDelivery => ({
  id: row.id,
  ruleId: row.rule_id,
  ticketId: row.ticket_id,
  eventId: row.event_id,
  url: row.url,
  state: row.state,
  attempts: row.attempts,
  createdAt: row.created_at.toISOString(),
});
