import { randomBytes } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer from 'nodemailer';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { openSecret, sealSecret } from '../../lib/secret-box.ts';
import { SEND_ACCOUNT_EMAIL } from './email-queues.ts';
import type { OutboundQueue } from './enqueue-email.ts';
import { senderOf } from './mail-transport.ts';

/** A one-time link to someone's account: a portal sign-in, a password reset, an invitation. */
export type AccountLink = {
  organizationId: string;
  kind: 'portal_sign_in' | 'password_reset' | 'invitation';
  to: string;
  link: string;
};

/** What account mail needs beyond the queue: the key that seals links, and the system relay. */
export type AccountMail = OutboundQueue & { secretKey: string; smtpRelayUrl: string | null };

export type AccountEmailJob = Omit<AccountLink, 'link'> & { sealedLink: string };

// The link is a live credential: sealed in the job (kept for days in the queue's tables), opened to send.
const LINK_PURPOSE = 'account email link';

/**
 * Queues the link's email in the caller's transaction, when the organization can send mail. Answers
 * false when it cannot (no support address, no SMTP server: a development set-up), so the caller
 * logs the link instead, as before outbound mail existed.
 */
export async function emailAccountLink(
  tx: Queryable,
  mail: AccountMail,
  link: AccountLink,
): Promise<boolean> {
  const sender = await senderOf(tx, link.organizationId, mail);
  if ('cannotSend' in sender) return false;
  const job: AccountEmailJob = {
    organizationId: link.organizationId,
    kind: link.kind,
    to: link.to,
    sealedLink: sealSecret(mail.secretKey, LINK_PURPOSE, link.link),
  };
  await mail.jobs.send(tx, SEND_ACCOUNT_EMAIL.name, job, { retryDelaySeconds: mail.retryDelaySeconds });
  return true;
}

type AccountSendDeps = {
  db: Database;
  logger: FastifyBaseLogger;
  secretKey: string;
  smtpRelayUrl: string | null;
};

/** Sends one account email. It is short-lived and personal: no delivery row, failures are logged and retried. */
export async function sendAccountEmail(deps: AccountSendDeps, job: AccountEmailJob): Promise<void> {
  const sender = await withTenant(deps.db, job.organizationId, (tx) =>
    senderOf(tx, job.organizationId, deps),
  );
  if ('cannotSend' in sender) {
    deps.logger.warn({ organizationId: job.organizationId, kind: job.kind }, sender.cannotSend);
    return;
  }
  const link = openSecret(deps.secretKey, LINK_PURPOSE, job.sealedLink);
  const text = TEXTS[job.kind](sender.from.name, link);
  const mailer = nodemailer.createTransport(sender.transport);
  try {
    await mailer.sendMail({
      from: sender.from,
      to: job.to,
      subject: text.subject,
      text: text.body,
      messageId: `<account.${randomBytes(12).toString('hex')}@${sender.from.address.split('@')[1]}>`,
      // Nobody should answer it, least of all an auto-responder (RFC 3834).
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
    });
  } finally {
    mailer.close();
  }
}

const TEXTS: Record<AccountLink['kind'], (name: string, link: string) => { subject: string; body: string }> =
  {
    portal_sign_in: (name, link) => ({
      subject: `Sign in to ${name} support`,
      body:
        `Open this link to sign in to ${name} support:\n\n${link}\n\n` +
        'It works once, for one hour. If you did not ask for it, ignore this email.',
    }),
    password_reset: (name, link) => ({
      subject: `Reset your ${name} password`,
      body:
        `Open this link to choose a new password for ${name}:\n\n${link}\n\n` +
        'It works once, for one hour. If you did not ask for it, ignore this email: your password stays as it is.',
    }),
    invitation: (name, link) => ({
      subject: `You are invited to answer ${name}'s customers`,
      body: `You are invited to join ${name} on ActionConnect. Open this link to choose your password:\n\n${link}`,
    }),
  };
