import type { FastifyBaseLogger } from 'fastify';
import type { ImapFlow } from 'imapflow';
import { acceptInboundEmail, findSupportAddress, type IntakeDeps } from './accept-inbound-email.ts';
import { IMPORTED_KEYWORD, type ImapSettings } from './imap-connection.ts';

export type ImapImportDeps = IntakeDeps & { maxBytes: number; logger: FastifyBaseLogger };

export type ImapMailbox = { organizationId: string; accountId: string; supportAddress: string };

/**
 * Imports the messages not yet marked as imported in the open mailbox. Each is stored (and its
 * processing job committed) BEFORE it is flagged or moved: a crash in between leaves it unmarked,
 * the next poll fetches it again, and the SHA-256 dedupe in acceptInboundEmail makes that harmless.
 */
export async function importNewMessages(
  deps: ImapImportDeps,
  client: ImapFlow,
  mailbox: ImapMailbox,
  settings: ImapSettings,
): Promise<number> {
  // Moved messages leave the mailbox, so everything in it is new; flagged ones stay and are skipped.
  const query = settings.afterImport === 'flag' ? { unKeyword: IMPORTED_KEYWORD } : { all: true };
  const uids = (await client.search(query, { uid: true })) || [];
  const address = await findSupportAddress(deps.db, mailbox.supportAddress);
  let imported = 0;
  for (const uid of uids) {
    const range = String(uid);
    const header = await client.fetchOne(range, { size: true }, { uid: true });
    if (!header) continue;
    if ((header.size ?? 0) > deps.maxBytes) {
      // Left where it is, unmarked, for a person to deal with; logged rather than failing the rest.
      deps.logger.warn(
        { ...mailbox, uid, size: header.size },
        'imap message over EMAIL_MAX_BYTES left in the mailbox',
      );
      continue;
    }
    const message = await client.fetchOne(range, { source: true }, { uid: true });
    if (message === false || !message.source) continue;
    await acceptInboundEmail(deps, {
      organizationId: mailbox.organizationId,
      supportAddressId: address?.organizationId === mailbox.organizationId ? address.supportAddressId : null,
      raw: message.source,
      envelope: { via: 'imap', from: null, to: [mailbox.supportAddress], remoteAddress: null, helo: null },
    });
    await acknowledge(client, range, settings);
    imported += 1;
  }
  return imported;
}

async function acknowledge(client: ImapFlow, uid: string, settings: ImapSettings): Promise<void> {
  if (settings.afterImport === 'move' && settings.moveTo) {
    await client.messageMove(uid, settings.moveTo, { uid: true });
  } else {
    await client.messageFlagsAdd(uid, [IMPORTED_KEYWORD], { uid: true });
  }
}
