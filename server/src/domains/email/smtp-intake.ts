import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { SmtpIntakeConfig } from '../../config.ts';
import { acceptInboundEmail, findSupportAddress, type IntakeDeps } from './accept-inbound-email.ts';
import { withoutPlusPart } from './own-addresses.ts';

export type SmtpIntake = { port: number; close(): Promise<void> };

type SmtpError = Error & { responseCode: number };
const smtpError = (responseCode: number, message: string): SmtpError =>
  Object.assign(new Error(message), { responseCode });

/**
 * The SMTP server an organization's MX record or forwarding rule points at. Recipients that are not
 * a support address are refused at RCPT time (so we never accept mail we would have to bounce);
 * a message is answered 250 only after it is stored and its processing job committed.
 */
export async function startSmtpIntake(
  deps: IntakeDeps,
  options: SmtpIntakeConfig & { maxBytes: number; logger: FastifyBaseLogger },
): Promise<SmtpIntake> {
  const server = new SMTPServer({
    size: options.maxBytes,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls
      ? { key: readFileSync(options.tls.keyFile), cert: readFileSync(options.tls.certFile) }
      : {}),
    logger: false,
    onRcptTo: (address, session, callback) => {
      supportAddressOf(deps, session, address.address)
        .then((found) => {
          if (!found) return callback(smtpError(550, `5.1.1 <${address.address}>: no such support address`));
          recipientsOf(session).set(address.address, found);
          callback();
        })
        .catch((error: Error) => {
          options.logger.error({ err: error }, 'smtp recipient lookup failed');
          callback(smtpError(451, '4.3.0 Temporary failure, try again later'));
        });
    },
    onData: (stream, session, callback) => {
      receive(deps, stream, session, options.maxBytes)
        .then((ids) => callback(null, `2.0.0 Stored as ${ids.join(', ')}`))
        .catch((error: Error) => {
          if ('responseCode' in error) return callback(error);
          options.logger.error({ err: error }, 'smtp message could not be stored');
          callback(smtpError(451, '4.3.0 The message could not be stored, try again later'));
        });
    },
  });
  server.on('error', (error) => options.logger.error({ err: error }, 'smtp server error'));
  server.server.on('connection', answerTogether);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  options.logger.info({ port, host: options.host, starttls: Boolean(options.tls) }, 'smtp intake listening');
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/**
 * smtp-server writes every reply with a system call of its own. A client that pipelines sends MAIL,
 * RCPT and DATA in one packet, and their three replies can go back in one: what the connection writes
 * is held until the event loop's turn ends (smtp-server reads commands a turn after they arrive, so
 * only its writes mark the turn). In the email benchmark a socket write, with the wake-up of the
 * process at the other end, cost about as much as storing the message. A connection upgraded by
 * STARTTLS writes through its TLS socket, which is not held: still correct, only not batched.
 */
function answerTogether(socket: Socket): void {
  const write = socket.write;
  socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    if (this.writableCorked === 0) {
      this.cork();
      setImmediate(() => this.uncork());
    }
    return write.apply(this, args);
  } as Socket['write'];
}

type SupportAddress = NonNullable<Awaited<ReturnType<typeof findSupportAddress>>>;
// The support address each accepted RCPT named, looked up once and kept for DATA. Keyed by the
// envelope, which smtp-server makes anew for every message of a connection.
const sessionRecipients = new WeakMap<SMTPServerSession['envelope'], Map<string, SupportAddress>>();
function recipientsOf(session: SMTPServerSession): Map<string, SupportAddress> {
  let recipients = sessionRecipients.get(session.envelope);
  if (!recipients) {
    recipients = new Map();
    sessionRecipients.set(session.envelope, recipients);
  }
  return recipients;
}

// How long a connection trusts a support address it looked up: a sender's pool keeps its connections
// open for many messages, and an address an admin removes must stop taking mail soon.
const KNOWN_ADDRESS_MS = 30_000;
type KnownAddress = { found: SupportAddress; until: number };
const connectionAddresses = new WeakMap<SMTPServerSession, Map<string, KnownAddress>>();

/**
 * The support address a recipient names, looked up once per connection (for a while): a pooled
 * sender sends message after message to the same address, each would otherwise cost a query.
 * Unknown recipients are looked up every time.
 */
async function supportAddressOf(
  deps: IntakeDeps,
  session: SMTPServerSession,
  recipient: string,
): Promise<SupportAddress | null> {
  let known = connectionAddresses.get(session);
  if (!known) {
    known = new Map();
    connectionAddresses.set(session, known);
  }
  const key = withoutPlusPart(recipient);
  const cached = known.get(key);
  if (cached && cached.until > Date.now()) return cached.found;
  const found = await findSupportAddress(deps.db, recipient);
  if (found) known.set(key, { found, until: Date.now() + KNOWN_ADDRESS_MS });
  else known.delete(key);
  return found;
}

/** Reads the message, then stores one copy per organization among its recipients. */
async function receive(
  deps: IntakeDeps,
  stream: Readable & { sizeExceeded?: boolean },
  session: SMTPServerSession,
  maxBytes: number,
): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  if (stream.sizeExceeded) throw smtpError(552, `5.3.4 Message too big (at most ${maxBytes} bytes)`);
  const raw = Buffer.concat(chunks);
  const recipients = session.envelope.rcptTo.map((rcpt) => rcpt.address);
  const byOrganization = new Map<string, string>();
  for (const found of recipientsOf(session).values()) {
    if (!byOrganization.has(found.organizationId))
      byOrganization.set(found.organizationId, found.supportAddressId);
  }
  const mailFrom = session.envelope.mailFrom;
  const ids: string[] = [];
  for (const [organizationId, supportAddressId] of byOrganization) {
    const accepted = await acceptInboundEmail(deps, {
      organizationId,
      supportAddressId,
      raw,
      envelope: {
        via: 'smtp',
        // An empty reverse path (`MAIL FROM:<>`) is how bounces arrive: kept as '' rather than null.
        from: mailFrom ? mailFrom.address : null,
        to: recipients,
        remoteAddress: session.remoteAddress,
        helo: session.hostNameAppearsAs,
      },
    });
    ids.push(accepted.id);
  }
  return ids;
}
