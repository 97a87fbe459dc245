import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { Queryable } from '../../db/client.ts';
import { settingsRow } from './email-settings.ts';
import { decryptPassword } from './smtp-password.ts';

export type SmtpTransport = SMTPTransport.Options;

/** How an organization's mail leaves: through which server, from which address and name. */
export type MailSender = { transport: SmtpTransport; from: { name: string; address: string } };

// A job that runs longer than its queue's expiry is retried while still running: give up well before.
const TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };

/**
 * The organization's own SMTP server, else the system relay (SMTP_RELAY_URL), sending from its first
 * support address under its sender name (else its own name). Or why it cannot send at all.
 */
export async function senderOf(
  tx: Queryable,
  organizationId: string,
  system: { secretKey: string; smtpRelayUrl: string | null },
): Promise<MailSender | { cannotSend: string }> {
  const [organization] = await tx.query<{ name: string; address: string | null }>(
    `select o.name, (select address from support_addresses s where s.organization_id = o.id
                       order by created_at, address limit 1) as address
       from organizations o where o.id = $1`,
    [organizationId],
  );
  if (!organization?.address) return { cannotSend: 'The organization has no support address to send from' };
  const settings = await settingsRow(tx, organizationId);
  const from = { name: settings.from_name || organization.name, address: organization.address };
  if (settings.smtp_host) {
    const password = settings.smtp_password_encrypted
      ? decryptPassword(system.secretKey, settings.smtp_password_encrypted)
      : null;
    const transport: SmtpTransport = {
      host: settings.smtp_host,
      port: settings.smtp_port ?? 587,
      secure: settings.smtp_security === 'tls',
      requireTLS: settings.smtp_security === 'starttls',
      ignoreTLS: settings.smtp_security === 'none',
      ...(settings.smtp_user ? { auth: { user: settings.smtp_user, pass: password ?? '' } } : {}),
      ...TIMEOUTS,
    };
    return { transport, from };
  }
  if (!system.smtpRelayUrl)
    return { cannotSend: 'No SMTP server: set SMTP_RELAY_URL or the organization’s SMTP settings' };
  return { transport: { url: system.smtpRelayUrl, ...TIMEOUTS }, from };
}
