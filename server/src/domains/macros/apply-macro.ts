import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import type { OutboundQueue } from '../email/enqueue-email.ts';
import { addCommentInTransaction } from '../tickets/ticket-conversation.ts';
import { getTicket } from '../tickets/ticket-rows.ts';
import { changeTicket, lockTickets } from '../tickets/update-ticket.ts';
import { findVisibleMacro, type MacroRow } from './macro-rows.ts';
import type { AppliedMacro } from './macros.schemas.ts';
import { planMacro } from './plan-macro.ts';

export type ApplyMacroDeps = { db: Database; outbound: OutboundQueue };

/**
 * Applies a macro to one ticket if nobody changed the ticket since the agent read it (a stale version
 * is a 409 carrying the current ticket): its field changes, internal notes and reply commit together,
 * each in the history under the macro's name, through the same paths as an agent's own edit and reply
 * (SLA timers, automations, notifications, the reply's email).
 */
export async function applyMacro(
  deps: ApplyMacroDeps,
  input: { actor: Actor; ticketId: string; macroId: string; expectedVersion: number },
): Promise<AppliedMacro> {
  const { actor } = input;
  const applied = await withTenant(deps.db, actor.organizationId, async (tx) => {
    const macro = await findVisibleMacro(tx, actor, input.macroId);
    return applyMacroInTransaction(tx, deps.outbound, { ...input, macro });
  });
  deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
  return applied;
}

/** The macro on one locked ticket, in the caller's transaction; the caller wakes the email sender. */
export async function applyMacroInTransaction(
  tx: Queryable,
  outbound: OutboundQueue,
  input: { actor: Actor; ticketId: string; macro: MacroRow; expectedVersion?: number },
): Promise<AppliedMacro> {
  const { actor, ticketId, macro } = input;
  const { organizationId } = actor;
  await lockTickets(tx, organizationId, [ticketId]);
  const before = await getTicket(tx, organizationId, ticketId);
  if (input.expectedVersion !== undefined && before.version !== input.expectedVersion) {
    throw new AppError('conflict', 'Someone else changed this ticket; review their change and try again', {
      field: 'version',
      current: before,
    });
  }
  const { plan, changes, reply } = await planMacro(tx, { actor, macro, ticket: before });
  const context = { macroId: macro.id, macroName: macro.name };
  await recordAudit(tx, {
    organizationId,
    actorType: 'agent',
    actorId: actor.agentId,
    action: 'ticket.macro_applied',
    entityType: 'ticket',
    entityId: ticketId,
    changes: { ...context, changes, replied: reply !== null },
  });
  await changeTicket(tx, { actor, outbound, before, changes: plan.changes, context });
  for (const note of plan.notes) {
    await addCommentInTransaction(tx, outbound, {
      actor,
      ticketId,
      comment: { visibility: 'internal', body: note },
      context,
    });
  }
  const replied = reply
    ? await addCommentInTransaction(tx, outbound, {
        actor,
        ticketId,
        comment: { visibility: 'public', body: reply.body },
        context,
      })
    : null;
  return { ticket: await getTicket(tx, organizationId, ticketId), changes, reply: replied };
}
