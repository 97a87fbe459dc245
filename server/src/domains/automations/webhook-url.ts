import { createHmac } from 'node:crypto';

/** Whether a rule may call plain http on this machine (WEBHOOK_ALLOW_HTTP_LOOPBACK); https always. */
export type WebhookPolicy = { allowHttpLoopback: boolean };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** Why a rule may not call this URL, or null when it may. Checked when saving and again when calling. */
export function webhookUrlProblem(url: string, policy: WebhookPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL is not a valid URL';
  }
  if (parsed.username || parsed.password) return 'The webhook URL must not carry a user name or password';
  if (parsed.protocol === 'https:') return null;
  if (parsed.protocol === 'http:' && policy.allowHttpLoopback && LOOPBACK_HOSTS.has(parsed.hostname))
    return null;
  return 'Webhooks are called over https only';
}

export const SIGNATURE_HEADER = 'X-ActionConnect-Signature';
export const TIMESTAMP_HEADER = 'X-ActionConnect-Timestamp';

/**
 * The signature a receiver recomputes: HMAC-SHA256 with the rule's secret over the timestamp header's
 * value, a dot, and the raw body, so a captured call cannot be replayed later with a new timestamp.
 */
export const webhookSignature = (secret: string, timestamp: string, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
