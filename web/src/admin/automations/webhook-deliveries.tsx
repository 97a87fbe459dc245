import { Badge, EmptyState, InlineError, Skeleton } from '../../ui/index.ts';
import { useWebhookDeliveries, type WebhookDelivery } from './automations-api.ts';
import { formatTime } from './rule-results.tsx';

const STATES: Record<WebhookDelivery['state'], string> = {
  queued: 'Queued',
  delivered: 'Delivered',
  failed: 'Failed',
};

/** The rule's webhook calls, newest first, each with its attempts. */
export function WebhookDeliveries({ ruleId }: { ruleId: string }) {
  const deliveries = useWebhookDeliveries(ruleId);
  return (
    <section aria-labelledby="webhook-deliveries-title">
      <h2 id="webhook-deliveries-title">Webhook calls</h2>
      {deliveries.isPending ? (
        <Skeleton lines={2} />
      ) : deliveries.isError ? (
        <InlineError>The webhook calls could not be loaded: {deliveries.error.message}</InlineError>
      ) : deliveries.data.length === 0 ? (
        <EmptyState title="No webhook calls yet" />
      ) : (
        <ol className="run-list" aria-label="Webhook calls">
          {deliveries.data.map((delivery) => (
            <li key={delivery.id} className="run-entry">
              <p>
                <Badge tone={delivery.state === 'failed' ? 'note' : undefined}>
                  {STATES[delivery.state]}
                </Badge>{' '}
                {delivery.url} · {formatTime(delivery.createdAt)}
              </p>
              <ul className="rule-results">
                {delivery.attempts.map((attempt) => (
                  <li key={attempt.attempt}>
                    Attempt {attempt.attempt}: {attempt.statusCode ?? 'no answer'}
                    {attempt.error && ` (${attempt.error})`}, {attempt.durationMs} ms
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
