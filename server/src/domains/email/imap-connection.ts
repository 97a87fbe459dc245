import { ImapFlow } from 'imapflow';

export type ImapTls = 'tls' | 'starttls' | 'none';

/** Where a mailbox is and what marks its messages as imported. */
export type ImapSettings = {
  host: string;
  port: number;
  tls: ImapTls;
  username: string;
  password: string;
  mailbox: string;
  afterImport: 'flag' | 'move';
  moveTo: string | null;
};

/** The keyword that marks a message as imported when the account keeps messages in place. */
export const IMPORTED_KEYWORD = '$ActionConnect';

export function imapClient(settings: ImapSettings, extra: { disableAutoIdle?: boolean } = {}): ImapFlow {
  return new ImapFlow({
    ...extra,
    host: settings.host,
    port: settings.port,
    secure: settings.tls === 'tls',
    // 'starttls' must upgrade (credentials never cross in clear); 'none' never tries.
    doSTARTTLS: settings.tls === 'starttls' ? true : settings.tls === 'none' ? false : undefined,
    auth: { user: settings.username, pass: settings.password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
  });
}

/**
 * Logs in and opens the mailbox (and the destination folder, when messages are moved), so a
 * mistyped host, password or folder is reported when the account is saved, not at 3 a.m.
 */
export async function testImapConnection(settings: ImapSettings): Promise<string | null> {
  const client = imapClient(settings);
  client.on('error', () => {});
  try {
    await client.connect();
    // Read-write, as the poller will: a read-only open lists no permanent flags.
    const mailbox = await client.mailboxOpen(settings.mailbox);
    if (settings.afterImport === 'flag' && !canKeepKeyword(mailbox.permanentFlags)) {
      return `the server does not let us mark messages with ${IMPORTED_KEYWORD}; move them to a folder instead`;
    }
    if (settings.afterImport === 'move' && settings.moveTo) {
      await client.status(settings.moveTo, { messages: true });
    }
    return null;
  } catch (error) {
    return describeImapError(error);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

const canKeepKeyword = (flags: Set<string> | undefined) =>
  Boolean(flags?.has('\\*') || flags?.has(IMPORTED_KEYWORD));

/** imapflow's errors carry the server's own words in responseText; those say what is wrong. */
export function describeImapError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const { responseText, code, authenticationFailed } = error as Error & {
    responseText?: string;
    code?: string;
    authenticationFailed?: boolean;
  };
  if (authenticationFailed) return `login failed: ${responseText ?? error.message}`;
  return [error.message, responseText, code].filter(Boolean).join(' — ');
}
