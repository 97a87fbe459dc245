import type { DNSResolver } from 'mailauth';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { StoredInboundEmail } from './inbound-email-rows.ts';
import { type SenderVerification, verifySender } from './verify-sender.ts';

export type SenderChecks = {
  enabled: boolean;
  /** Our host name in the results (the public URL's). */
  mtaHostname: string;
  /** DNS for SPF/DKIM/DMARC; the system's resolver unless given (tests pass a local table). */
  resolver?: DNSResolver;
};

/**
 * SPF, DKIM and DMARC for a message that came over SMTP (only then do we know the connecting
 * address and HELO). Mail handed over by IMAP or HTTP was received by another server: not checked.
 */
export async function checkSender(
  checks: SenderChecks,
  stored: StoredInboundEmail,
  raw: Buffer,
): Promise<SenderVerification | null> {
  if (!checks.enabled || !stored.remote_address || !stored.helo) return null;
  return verifySender(raw, {
    ip: stored.remote_address,
    helo: stored.helo,
    mtaHostname: checks.mtaHostname,
    sender: stored.envelope_from ?? '',
    ...(checks.resolver ? { resolver: checks.resolver } : {}),
  });
}

/**
 * A message that claims a known customer's address but fails DMARC could be anyone writing into
 * that customer's tickets: it is held for an agent instead. Unknown senders fall through (a new
 * ticket from a stranger exposes nothing).
 */
export async function shouldQuarantine(
  db: Database,
  organizationId: string,
  fromAddress: string,
  verification: SenderVerification | null,
): Promise<boolean> {
  if (verification?.dmarc.result !== 'fail') return false;
  const known = await withTenant(db, organizationId, (tx) =>
    tx.query('select 1 from contacts where organization_id = $1 and lower(email) = lower($2)', [
      organizationId,
      fromAddress,
    ]),
  );
  return known.length > 0;
}
