import type { Queryable } from '../../db/client.ts';
import { normalizeMessageId } from './thread-email.ts';

/** The tickets Message-IDs we received or sent belong to, by Message-ID (normalized). */
export type MessageIdLookup = (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** Looks Message-IDs up as they are now, one statement a call. */
export const lookUpMessageIds =
  (tx: Queryable, organizationId: string): MessageIdLookup =>
  async (ids) => {
    if (ids.length === 0) return new Map();
    const rows = await tx.query<{ message_id: string; ticket_id: string }>(
      `select message_id, ticket_id from email_message_ids
        where organization_id = $1 and message_id = any($2::text[])`,
      [organizationId, ids],
    );
    return new Map(rows.map((row) => [row.message_id, row.ticket_id]));
  };

/**
 * The Message-IDs one batch's transaction threads its messages by, read once for all of them (with
 * the tickets they name locked) instead of a statement a message, and those its messages record,
 * written together just before the commit. A message of the batch answering another of the same
 * batch finds it here, as it would in the table.
 */
export type KnownMessageIds = {
  ticketsOf: MessageIdLookup;
  /** Whether a ticket is closed; from the lock's read for the tickets locked, else read now. */
  isClosed(ticketId: string): Promise<boolean>;
  /** A message's own Message-ID, now naming its ticket (and comment) for threading. */
  remember(link: Link): void;
  write(): Promise<void>;
};

type Link = { messageId: string; ticketId: string; commentId: string | null };

/**
 * Locks, in one order for every caller, the tickets the Message-IDs name (the ones the batch's
 * messages answer, or were processed into before) until the transaction ends: transactions that each
 * record several messages then never wait for each other's tickets in opposite orders. The lock's
 * read is what the batch threads by: a ticket found locked cannot change status meanwhile.
 */
export async function lockKnownMessageIds(
  tx: Queryable,
  organizationId: string,
  messageIds: readonly string[],
): Promise<KnownMessageIds> {
  const asked = new Set(messageIds.map(normalizeMessageId));
  const rows =
    asked.size === 0
      ? []
      : await tx.query<{ message_id: string; ticket_id: string; status_category: string }>(
          `select m.message_id, t.id as ticket_id, t.status_category from tickets t
             join email_message_ids m on m.organization_id = t.organization_id and m.ticket_id = t.id
            where m.organization_id = $1 and m.message_id = any($2::text[])
            order by t.id for no key update of t`,
          [organizationId, [...asked]],
        );
  const ticketOf = new Map(rows.map((row) => [row.message_id, row.ticket_id]));
  const closed = new Map(rows.map((row) => [row.ticket_id, row.status_category === 'closed']));
  const recorded: Link[] = [];
  const lookUp = lookUpMessageIds(tx, organizationId);
  return {
    ticketsOf: async (ids) => {
      // Ids the batch did not name at the start are read now (none, in practice).
      const unread = ids.filter((id) => !asked.has(id));
      for (const [id, ticketId] of await lookUp(unread)) ticketOf.set(id, ticketId);
      for (const id of unread) asked.add(id);
      return ticketOf;
    },
    isClosed: async (ticketId) => closed.get(ticketId) ?? (await readClosed(tx, organizationId, ticketId)),
    remember: (link) => {
      const messageId = normalizeMessageId(link.messageId);
      recorded.push({ ...link, messageId });
      ticketOf.set(messageId, link.ticketId);
      asked.add(messageId);
    },
    write: async () => {
      if (recorded.length === 0) return;
      // A concurrent copy of the same message recorded first makes this fail (the primary key), and
      // the batch is retried message by message, finding that copy.
      await tx.query(
        `insert into email_message_ids (organization_id, message_id, ticket_id, comment_id, direction)
         select $1, link."messageId", link."ticketId", link."commentId", 'inbound'
           from jsonb_to_recordset($2::jsonb) as link ("messageId" text, "ticketId" uuid, "commentId" uuid)`,
        [organizationId, JSON.stringify(recorded)],
      );
    },
  };
}

async function readClosed(tx: Queryable, organizationId: string, ticketId: string): Promise<boolean> {
  const [row] = await tx.query<{ status_category: string }>(
    'select status_category from tickets where organization_id = $1 and id = $2',
    [organizationId, ticketId],
  );
  return row?.status_category === 'closed';
}
