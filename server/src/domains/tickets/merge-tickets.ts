import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { commentBody } from './comment-body.ts';
import { insertComment } from './insert-comment.ts';
import { MAX_CCS } from './ticket-ccs.ts';
import { getTicket } from './ticket-rows.ts';
import type { Ticket } from './tickets.schemas.ts';
import { ticketsChanged } from './tickets-changed.ts';
import { lockTickets } from './update-ticket.ts';

/**
 * Merges a duplicate into the ticket that carries on: its whole conversation moves over (keeping each
 * comment's time, so the threads interleave), and the duplicate is closed with a pointer to the
 * survivor. The duplicate's requester is told, publicly, which request it now lives in.
 */
export function mergeTicket(
  db: Database,
  input: { actor: Actor; jobs: AutomationJobs; sourceId: string; targetId: string },
): Promise<{ source: Ticket; target: Ticket }> {
  const { actor, sourceId, targetId } = input;
  const { organizationId } = actor;
  if (sourceId === targetId) {
    throw new AppError('unprocessable', 'A ticket cannot be merged into itself', { field: 'targetTicketId' });
  }
  return withTenant(db, organizationId, async (tx) => {
    const locked = await lockTickets(tx, organizationId, [sourceId, targetId]);
    if (!locked.includes(sourceId)) throw notFound('Ticket');
    if (!locked.includes(targetId)) {
      throw new AppError('unprocessable', 'Unknown targetTicketId', { field: 'targetTicketId' });
    }
    const source = await getTicket(tx, organizationId, sourceId);
    const target = await getTicket(tx, organizationId, targetId);
    assertMergeable(source, target);
    const moved = await tx.query(
      'update ticket_comments set ticket_id = $3 where organization_id = $1 and ticket_id = $2 returning id',
      [organizationId, sourceId, targetId],
    );
    // Files follow their comments; uploads not yet sent go along so they can still be sent.
    await tx.query('update attachments set ticket_id = $3 where organization_id = $1 and ticket_id = $2', [
      organizationId,
      sourceId,
      targetId,
    ]);
    await copyPeople(tx, { organizationId, source, target });
    // Mail answering the duplicate's messages threads onto the ticket it went into.
    await tx.query(
      'update email_message_ids set ticket_id = $3 where organization_id = $1 and ticket_id = $2',
      [organizationId, sourceId, targetId],
    );
    await closeAsMerged(tx, { actor, source, target });
    await ticketsChanged(tx, input.jobs, { organizationId, ticketIds: [sourceId] });
    await tx.query(
      'update tickets set version = version + 1, updated_at = now() where organization_id = $1 and id = $2',
      [organizationId, targetId],
    );
    await writeMergeNotes(tx, { organizationId, source, target });
    const event = {
      organizationId,
      actorType: 'agent' as const,
      actorId: actor.agentId,
      entityType: 'ticket',
    };
    const details = { sourceId, sourceNumber: source.number, targetId, targetNumber: target.number };
    const commentsMoved = moved.length;
    await recordAudit(tx, {
      ...event,
      action: 'ticket.merged',
      entityId: sourceId,
      changes: { ...details, commentsMoved },
    });
    await recordAudit(tx, {
      ...event,
      action: 'ticket.merge_received',
      entityId: targetId,
      changes: { ...details, commentsMoved },
    });
    return {
      source: await getTicket(tx, organizationId, sourceId),
      target: await getTicket(tx, organizationId, targetId),
    };
  });
}

function assertMergeable(source: Ticket, target: Ticket): void {
  if (source.mergedIntoId) {
    throw new AppError('conflict', 'This ticket was merged already', { field: 'id', current: source });
  }
  if (target.mergedIntoId) {
    throw new AppError('unprocessable', 'The target was itself merged; merge into the ticket it points to', {
      field: 'targetTicketId',
      mergedIntoId: target.mergedIntoId,
    });
  }
  if (target.statusCategory === 'closed') {
    throw new AppError('unprocessable', 'A closed ticket cannot take a merge', { field: 'targetTicketId' });
  }
}

/**
 * The duplicate's requester and CCs keep hearing about their request: they become CCs of the ticket
 * it went into (its own requester aside), up to the CC limit, earliest first.
 */
async function copyPeople(
  tx: Queryable,
  input: { organizationId: string; source: Ticket; target: Ticket },
): Promise<void> {
  const { organizationId, source, target } = input;
  await tx.query(
    `insert into ticket_ccs (organization_id, ticket_id, contact_id)
     select $1, $3, people.contact_id
       from (select $4::uuid as contact_id, 0 as rank
             union all
             select contact_id, 1 from ticket_ccs where organization_id = $1 and ticket_id = $2) people
      where people.contact_id <> $5
        and not exists (select 1 from ticket_ccs t
                         where t.organization_id = $1 and t.ticket_id = $3 and t.contact_id = people.contact_id)
      order by people.rank
      limit greatest(0, $6 - (select count(*) from ticket_ccs where organization_id = $1 and ticket_id = $3))
     on conflict do nothing`,
    [organizationId, source.id, target.id, source.requesterId, target.requesterId, MAX_CCS],
  );
}

async function closeAsMerged(
  tx: Queryable,
  input: { actor: Actor; source: Ticket; target: Ticket },
): Promise<void> {
  const { actor, source, target } = input;
  const { organizationId } = actor;
  const [closed] = await tx.query<{ id: string }>(
    `select id from ticket_statuses where organization_id = $1 and category in ('closed', 'solved')
      order by category = 'closed' desc, position limit 1`,
    [organizationId],
  );
  if (!closed)
    throw new AppError('unprocessable', 'The organization has no closed or solved status to close it with');
  await tx.query(
    `update tickets set status_id = $3, merged_into_id = $4, solved_at = coalesce(solved_at, now()),
            closed_at = now(), version = version + 1, updated_at = now()
      where organization_id = $1 and id = $2`,
    [organizationId, source.id, closed.id, target.id],
  );
  await recordAudit(tx, {
    organizationId,
    actorType: 'agent',
    actorId: actor.agentId,
    action: 'ticket.status_changed',
    entityType: 'ticket',
    entityId: source.id,
    changes: { field: 'statusId', from: source.statusId, to: closed.id, reason: 'merged' },
  });
}

async function writeMergeNotes(
  tx: Queryable,
  input: { organizationId: string; source: Ticket; target: Ticket },
): Promise<void> {
  const { organizationId, source, target } = input;
  const system = { organizationId, authorType: 'system' as const, authorId: null, opensTicket: false };
  await insertComment(tx, {
    ...system,
    ticketId: source.id,
    visibility: 'public',
    body: commentBody({ body: `This request was closed and merged into request #${target.number}.` }),
  });
  await insertComment(tx, {
    ...system,
    ticketId: target.id,
    visibility: 'internal',
    body: commentBody({ body: `Ticket #${source.number} "${source.subject}" was merged into this ticket.` }),
  });
}
