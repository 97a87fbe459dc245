import { randomUUID } from 'node:crypto';
import type { DNSResolver } from 'mailauth';
import nodemailer from 'nodemailer';
import type { App } from '../../app.ts';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { TestApp } from '../../test/test-app.ts';
import { call, type TestOrganization } from '../../test/test-app.ts';
import { outboundQueueOf } from './email-jobs.ts';
import type { ProcessDeps } from './process-inbound-email.ts';
import { replyTokenKey } from './reply-token.ts';

/** A support address unique to this test run (addresses are unique across organizations). */
export async function addSupportAddress(app: App, org: TestOrganization): Promise<string> {
  const address = `support-${randomUUID().slice(0, 8)}@help.example.test`;
  const response = await call(app, 'PATCH', '/api/v1/organization', {
    as: org.owner.session,
    body: { supportAddresses: [address] },
  });
  if (response.statusCode !== 200) throw new Error(`support address: ${response.body}`);
  return address;
}

export type MessageParts = {
  from: string;
  to: string;
  subject: string;
  text: string;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
};

/** An RFC 822 message as a mail client writes it (CRLF line ends, a Message-ID unless told otherwise). */
export function rawMessage(parts: MessageParts): Buffer {
  const headers = [
    `From: ${parts.from}`,
    `To: ${parts.to}`,
    `Subject: ${parts.subject}`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0000',
    `Message-ID: <${parts.messageId ?? `${randomUUID()}@mail.example.test`}>`,
    ...(parts.inReplyTo ? [`In-Reply-To: <${parts.inReplyTo}>`] : []),
    ...(parts.references ? [`References: ${parts.references.map((id) => `<${id}>`).join(' ')}`] : []),
    ...Object.entries(parts.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return Buffer.from(`${headers.join('\r\n')}\r\n\r\n${parts.text.replace(/\n/g, '\r\n')}\r\n`);
}

/** A non-delivery report (RFC 3464) as a mail server sends it about a message it could not deliver. */
export function deliveryReport(report: {
  to: string;
  originalMessageId: string;
  recipient: string;
  status: string;
}): Buffer {
  const boundary = 'report-boundary';
  return Buffer.from(
    [
      'From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>',
      `To: ${report.to}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: <${randomUUID()}@mx.customer.example>`,
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      'MIME-Version: 1.0',
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.customer.example',
      '',
      `Final-Recipient: rfc822; ${report.recipient}`,
      `Action: ${report.status.startsWith('4') ? 'delayed' : 'failed'}`,
      `Status: ${report.status}`,
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: <${report.originalMessageId}>`,
      'Subject: Help',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

/** Sends through a real SMTP conversation (nodemailer's client) to our intake on loopback. */
export async function sendSmtp(port: number, envelope: { from: string; to: string[] }, raw: Buffer) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  try {
    return await transport.sendMail({ envelope, raw });
  } finally {
    transport.close();
  }
}

export type InboundRow = { id: string; state: string; outcome: string | null; ticket_id: string | null };

/** Waits for the background job to finish with a message (its state leaves `received`). */
export async function waitProcessed(db: Database, organizationId: string, id: string): Promise<InboundRow> {
  const started = Date.now();
  for (;;) {
    const [row] = await withTenant(db, organizationId, (tx) =>
      tx.query<InboundRow>(
        'select id, state, outcome, ticket_id from inbound_emails where organization_id = $1 and id = $2',
        [organizationId, id],
      ),
    );
    if (row && row.state !== 'received') return row;
    // Generous: on a loaded machine (CI beside other work) processing may wait for the cores.
    if (Date.now() - started > 45_000) throw new Error(`inbound email ${id} was not processed in 45 s`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** What the processing step needs, for tests that run it themselves with a DNS table of their own. */
export const processingDeps = (harness: TestApp, resolver: DNSResolver): ProcessDeps => ({
  db: harness.db,
  storage: harness.app.storage,
  logger: harness.app.log,
  attachmentLimits: { maxBytes: 1_000_000, quotaBytes: 10_000_000 },
  senderChecks: { enabled: true, mtaHostname: 'mx.actionconnect.test', resolver },
  replyTokenKey: replyTokenKey(harness.config.secretKey),
  outbound: outboundQueueOf(harness.app),
});

/**
 * A DNS of the test's own for SPF/DKIM/DMARC: records by `"TXT name"`; any other name is not found,
 * so no test reaches the internet.
 */
export const dnsTable =
  (records: Record<string, string[][]>): DNSResolver =>
  async (name: string, type: string) => {
    const found = records[`${type} ${name.toLowerCase()}`];
    if (found) return found;
    throw Object.assign(new Error(`${type} ${name}: not found`), { code: 'ENOTFOUND' });
  };
