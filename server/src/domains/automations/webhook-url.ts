import { createHmac } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * Whether a rule may call this machine over plain http (WEBHOOK_ALLOW_HTTP_LOOPBACK, for tests and
 * local receivers); otherwise only https to public addresses.
 */
export type WebhookPolicy = { allowHttpLoopback: boolean };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

/**
 * Why a rule may not call this IP address, or null when it may: only public unicast addresses, so a
 * rule cannot reach the servers next to ours (cloud metadata, the database, an intranet). Checked on
 * the URL's literal address when saving and on every address its name resolves to when calling.
 */
export function addressProblem(address: string, policy: WebhookPolicy): string | null {
  if (!ipaddr.isValid(address)) return `${address} is not an IP address`;
  const range = ipaddr.process(address).range();
  if (range === 'unicast') return null;
  if (range === 'loopback' && policy.allowHttpLoopback) return null;
  return `The webhook address ${address} is not a public one (${range}); webhooks call public addresses only`;
}

/** The host as an IP address when the URL names one (IPv6 in brackets), else null. */
function literalAddress(hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}

/** Why a rule may not call this URL, or null when it may. Checked when saving and again when calling. */
export function webhookUrlProblem(url: string, policy: WebhookPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The webhook URL is not a valid URL';
  }
  if (parsed.username || parsed.password) return 'The webhook URL must not carry a user name or password';
  const literal = literalAddress(parsed.hostname);
  if (literal) {
    const problem = addressProblem(literal, policy);
    if (problem) return problem;
  } else if (parsed.hostname === 'localhost' || parsed.hostname.endsWith('.localhost')) {
    if (!policy.allowHttpLoopback) return 'Webhooks call public addresses only, not localhost';
  }
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
