import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import {
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { addSupportAddress } from './email-test-helpers.ts';
import { type ParsedEmail, parseEmail } from './parse-email.ts';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake.ts';

export type SinkMessage = { raw: Buffer; envelope: { from: string; to: string[] }; email: ParsedEmail };

/** What the sink says to the next message: accept it (null) or refuse it with an SMTP code. */
export type SinkAnswer = { code: number; message: string } | null;

export type SmtpSink = {
  port: number;
  url: string;
  messages: SinkMessage[];
  /** Changed by a test to make the sink refuse mail (a full mailbox, a server that is away). */
  answer: SinkAnswer;
  /** Called with every accepted message: a test peer that answers mail (an out-of-office responder). */
  onMessage: ((message: SinkMessage) => Promise<void>) | null;
  waitFor(predicate: (message: SinkMessage) => boolean, timeoutMs?: number): Promise<SinkMessage>;
  close(): Promise<void>;
};

/**
 * A real SMTP server on loopback that keeps what it receives, for tests to read back. With `auth` it
 * asks for that user and password, as a customer's own mail server would.
 */
export async function startSmtpSink(auth?: { user: string; pass: string }): Promise<SmtpSink> {
  const sink: SmtpSink = {
    port: 0,
    url: '',
    messages: [],
    answer: null,
    onMessage: null,
    waitFor: async (predicate, timeoutMs = 15_000) => {
      const started = Date.now();
      for (;;) {
        const found = sink.messages.find(predicate);
        if (found) return found;
        if (Date.now() - started > timeoutMs) throw new Error('the sink received no such message');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    disabledCommands: auth ? ['STARTTLS'] : ['AUTH', 'STARTTLS'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth: (login, _session, callback) =>
      login.username === auth?.user && login.password === auth?.pass
        ? callback(null, { user: login.username })
        : callback(new Error('Invalid username or password')),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = sink.answer;
        if (refusal)
          return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.code }));
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
        };
        parseEmail(raw)
          .then(async (email) => {
            const message = { raw, envelope, email };
            sink.messages.push(message);
            callback();
            await sink.onMessage?.(message);
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  sink.port = (server.server.address() as AddressInfo).port;
  sink.url = `smtp://127.0.0.1:${sink.port}`;
  return sink;
}

export type DeliveryState = {
  state: string;
  attempts: number;
  error: string | null;
  message_id: string | null;
};

/** Waits until a delivery leaves `queued` (or reaches the state asked for). */
export async function waitDelivery(
  db: Database,
  organizationId: string,
  where: { commentId?: string; ticketId?: string },
  timeoutMs = 30_000,
): Promise<DeliveryState> {
  const started = Date.now();
  for (;;) {
    const [row] = await withTenant(db, organizationId, (tx) =>
      tx.query<DeliveryState>(
        `select state, attempts, error, message_id from email_deliveries
          where organization_id = $1 and (comment_id = $2 or ($2::uuid is null and ticket_id = $3))
          order by created_at desc limit 1`,
        [organizationId, where.commentId ?? null, where.ticketId ?? null],
      ),
    );
    if (row && row.state !== 'queued') return row;
    if (Date.now() - started > timeoutMs) throw new Error(`delivery still ${row?.state ?? 'missing'}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A server whose SMTP intake takes mail in and whose relay is a sink: a conversation over real SMTP. */
export type MailLoop = {
  harness: TestApp;
  org: TestOrganization;
  support: string;
  smtp: SmtpIntake;
  sink: SmtpSink;
  close(): Promise<void>;
};

export async function startMailLoop(organizationName?: string): Promise<MailLoop> {
  const sink = await startSmtpSink();
  const harness = await createTestApp({ SMTP_RELAY_URL: sink.url });
  const org = await signUpOrganization(harness.app, organizationName);
  const support = await addSupportAddress(harness.app, org);
  const smtp = await startSmtpIntake(harness.app, {
    port: 0,
    host: '127.0.0.1',
    tls: null,
    maxBytes: 200_000,
    logger: harness.app.log,
  });
  const close = async () => {
    await smtp.close();
    await harness.close();
    await sink.close();
  };
  return { harness, org, support, smtp, sink, close };
}
