import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getStatus } from './option-rows.ts';
import {
  assertCanBeDefaultStatus,
  assertOptionExists,
  STATUS_LIST,
  type TicketOptionList,
} from './ticket-option-lists.ts';

export type RemoveOptionInput = { actor: Actor; id: string; replacementId?: string };

/**
 * Removes a status or priority. Tickets that use it move to the named replacement in the same
 * transaction, each move recorded in the ticket's history; without a replacement a used one stays.
 * The default passes to the replacement.
 */
export function removeTicketOption(
  db: Database,
  list: TicketOptionList,
  input: RemoveOptionInput,
): Promise<{ movedTickets: number }> {
  const { actor, id, replacementId } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const [option] = await tx.query<{ is_default: boolean; remaining: number }>(
      `select ${list.defaultColumn} as is_default,
              (select count(*)::int from ${list.table} where organization_id = $1) - 1 as remaining
         from ${list.table} where organization_id = $1 and id = $2 for update`,
      [organizationId, id],
    );
    if (!option) throw notFound(list.label);
    if (option.remaining === 0)
      throw new AppError('conflict', `The last ${list.label.toLowerCase()} cannot be removed`);
    if (replacementId !== undefined) {
      await assertReplacement(tx, list, {
        organizationId,
        id,
        replacementId,
        takesDefault: option.is_default,
      });
    }

    const ticketIds = await ticketsUsing(tx, list, organizationId, id);
    if (ticketIds.length > 0 && !replacementId) {
      throw new AppError(
        'conflict',
        `${ticketIds.length} tickets use this ${list.label.toLowerCase()}; name a replacement`,
        {
          field: 'replacementId',
          ticketCount: ticketIds.length,
        },
      );
    }
    if (option.is_default && !replacementId) {
      throw new AppError(
        'conflict',
        `This is the default ${list.label.toLowerCase()}; name a replacement to take over`,
        {
          field: 'replacementId',
        },
      );
    }
    if (replacementId) {
      await moveTickets(tx, list, {
        organizationId,
        actorId: actor.agentId,
        from: id,
        to: replacementId,
        ticketIds,
      });
    }
    await tx.query(`delete from ${list.table} where organization_id = $1 and id = $2`, [organizationId, id]);
    // Only after the old default is gone: the partial unique index allows one default at a time.
    if (option.is_default && replacementId) {
      await tx.query(
        `update ${list.table} set ${list.defaultColumn} = true where organization_id = $1 and id = $2`,
        [organizationId, replacementId],
      );
    }
    await compactPositions(tx, list, organizationId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: `${list.auditEntity}.removed`,
      entityType: list.auditEntity,
      entityId: id,
      changes: { replacementId: replacementId ?? null, movedTickets: ticketIds.length },
    });
    return { movedTickets: ticketIds.length };
  });
}

type Replacement = { organizationId: string; id: string; replacementId: string; takesDefault: boolean };

async function assertReplacement(
  tx: Queryable,
  list: TicketOptionList,
  replacement: Replacement,
): Promise<void> {
  const { organizationId, id, replacementId } = replacement;
  if (replacementId === id) {
    throw new AppError('unprocessable', 'The replacement must be a different one', {
      field: 'replacementId',
    });
  }
  await assertOptionExists(tx, list, organizationId, replacementId).catch(() => {
    throw new AppError('unprocessable', `Unknown replacement ${list.label.toLowerCase()}`, {
      field: 'replacementId',
    });
  });
  // The replacement may become the status of new tickets, which must be one where work is still to do.
  if (list === STATUS_LIST && replacement.takesDefault) {
    const { category } = await getStatus(tx, organizationId, replacementId);
    assertCanBeDefaultStatus(category, 'replacementId');
  }
}

async function ticketsUsing(
  tx: Queryable,
  list: TicketOptionList,
  organizationId: string,
  id: string,
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select id from tickets where organization_id = $1 and ${list.ticketColumn} = $2 for update`,
    [organizationId, id],
  );
  return rows.map((row) => row.id);
}

type TicketMove = { organizationId: string; actorId: string; from: string; to: string; ticketIds: string[] };

async function moveTickets(tx: Queryable, list: TicketOptionList, move: TicketMove): Promise<void> {
  if (move.ticketIds.length === 0) return;
  await tx.query(
    `update tickets set ${list.ticketColumn} = $3, updated_at = now()
      where organization_id = $1 and ${list.ticketColumn} = $2`,
    [move.organizationId, move.from, move.to],
  );
  await tx.query(
    `insert into audit_events (organization_id, id, actor_type, actor_id, action, entity_type, entity_id, changes)
     select $1, event_id, 'agent', $2, $3, 'ticket', ticket_id, $4::jsonb
       from unnest($5::uuid[], $6::uuid[]) as moved(event_id, ticket_id)`,
    [
      move.organizationId,
      move.actorId,
      list.ticketChangeAction,
      JSON.stringify({ from: move.from, to: move.to, reason: 'replaced' }),
      move.ticketIds.map(() => newId()),
      move.ticketIds,
    ],
  );
}

async function compactPositions(
  tx: Queryable,
  list: TicketOptionList,
  organizationId: string,
): Promise<void> {
  await tx.query(
    `update ${list.table} t set position = ordered.position
       from (select id, row_number() over (order by position, id)::int as position
               from ${list.table} where organization_id = $1) ordered
      where t.organization_id = $1 and t.id = ordered.id and t.position <> ordered.position`,
    [organizationId],
  );
}
