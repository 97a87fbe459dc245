import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import { getTicket } from '../tickets/ticket-rows.ts';
import { findVisibleMacro } from './macro-rows.ts';
import type { MacroPreview } from './macros.schemas.ts';
import { planMacro } from './plan-macro.ts';

/** What applying the macro would do to the ticket as it is now, field by field, and its reply. Writes nothing. */
export function previewMacro(
  db: Database,
  input: { actor: Actor; ticketId: string; macroId: string },
): Promise<MacroPreview> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const ticket = await getTicket(tx, actor.organizationId, input.ticketId);
    const macro = await findVisibleMacro(tx, actor, input.macroId);
    const { changes, reply } = await planMacro(tx, { actor, macro, ticket });
    return { changes, reply, version: ticket.version };
  });
}
