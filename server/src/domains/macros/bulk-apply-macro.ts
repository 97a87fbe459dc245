import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import { type ApplyMacroDeps, applyMacroInTransaction } from './apply-macro.ts';
import { findVisibleMacro } from './macro-rows.ts';
import type { BulkApplyResult, BulkApplyTickets } from './macros.schemas.ts';

type ItemResult = BulkApplyResult['items'][number];

/**
 * Applies a macro to up to 100 tickets, each in its own transaction: a ticket that fails (gone, a stale
 * version given, a reference the macro names no longer valid for it) is reported and the others still
 * change. Unlike the bulk edit, which is all or nothing, because a macro can reply to each requester
 * and an email already queued for one ticket should not be undone by another ticket's problem.
 */
export async function bulkApplyMacro(
  deps: ApplyMacroDeps,
  input: { actor: Actor; macroId: string; tickets: BulkApplyTickets },
): Promise<BulkApplyResult> {
  const { actor } = input;
  // An unknown macro fails the whole request (404) before any ticket is touched.
  const macro = await withTenant(deps.db, actor.organizationId, (tx) =>
    findVisibleMacro(tx, actor, input.macroId),
  );
  const items: ItemResult[] = [];
  for (const { id: ticketId, version } of input.tickets) {
    items.push(
      await withTenant(deps.db, actor.organizationId, (tx) =>
        applyMacroInTransaction(tx, deps.outbound, { actor, ticketId, macro, expectedVersion: version }),
      ).then(
        ({ ticket }): ItemResult => ({ ticketId, outcome: 'applied', ticket, error: null }),
        (error: unknown): ItemResult => failed(ticketId, error),
      ),
    );
  }
  deps.outbound.jobs.wake(SEND_TICKET_EMAIL.name);
  const appliedCount = items.filter((item) => item.outcome === 'applied').length;
  return { items, appliedCount, failedCount: items.length - appliedCount };
}

/** An application error is this ticket's result; anything else is a fault of the server and propagates. */
function failed(ticketId: string, error: unknown): ItemResult {
  if (!(error instanceof AppError)) throw error;
  const field = typeof error.details.field === 'string' ? { field: error.details.field } : {};
  return {
    ticketId,
    outcome: 'failed',
    ticket: null,
    error: { code: error.code, message: error.message, ...field },
  };
}
