import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { OutboundQueue } from '../email/enqueue-email.ts';
import { assertReferences } from './ticket-references.ts';
import { getTicket } from './ticket-rows.ts';
import { type BulkTicketChanges, MAX_TAGS, type Ticket, type TicketChanges } from './tickets.schemas.ts';
import { changeTicket, lockTickets } from './update-ticket.ts';

/**
 * Changes up to 100 tickets in one transaction: every ticket is changed or none is. Tags can be
 * replaced or added and removed, which is what a bulk edit of differently tagged tickets needs.
 * Bulk edits do not carry versions; each ticket's version still moves, so open editors see a 409.
 */
export function bulkUpdateTickets(
  db: Database,
  input: { actor: Actor; outbound: OutboundQueue; ticketIds: string[]; changes: BulkTicketChanges },
): Promise<{ items: Ticket[]; changedCount: number }> {
  const { actor, ticketIds, changes } = input;
  const { organizationId } = actor;
  const { addTags, removeTags, ...fields } = changes;
  if (fields.tags && (addTags || removeTags)) {
    throw new AppError('validation_failed', 'Replace tags, or add and remove them, not both', {
      field: 'tags',
    });
  }
  return withTenant(db, organizationId, async (tx) => {
    const locked = new Set(await lockTickets(tx, organizationId, ticketIds));
    const missing = ticketIds.filter((id) => !locked.has(id));
    if (missing.length > 0) {
      throw new AppError('unprocessable', 'Some tickets do not exist; nothing was changed', {
        field: 'ticketIds',
        missing,
      });
    }
    await assertReferences(tx, organizationId, fields);
    let changedCount = 0;
    const items: Ticket[] = [];
    for (const ticketId of ticketIds) {
      const before = await getTicket(tx, organizationId, ticketId);
      const ticketChanges: TicketChanges = { ...fields, tags: nextTags(before.tags, changes) };
      const change = {
        actor,
        outbound: input.outbound,
        before,
        changes: ticketChanges,
        context: { bulk: true },
      };
      if (await changeTicket(tx, change)) changedCount++;
      items.push(await getTicket(tx, organizationId, ticketId));
    }
    return { items, changedCount };
  });
}

function nextTags(current: string[], changes: BulkTicketChanges): string[] | undefined {
  if (changes.tags) return changes.tags;
  if (!changes.addTags && !changes.removeTags) return undefined;
  const removed = new Set(changes.removeTags ?? []);
  const kept = current.filter((tag) => !removed.has(tag));
  const tags = [...new Set([...kept, ...(changes.addTags ?? []).filter((tag) => !removed.has(tag))])];
  if (tags.length > MAX_TAGS) {
    throw new AppError('unprocessable', `A ticket keeps at most ${MAX_TAGS} tags; nothing was changed`, {
      field: 'addTags',
    });
  }
  return tags;
}
