import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { assertCanChange, findVisibleMacro } from './macro-rows.ts';

/** Tickets keep what the macro did; rules that apply it fail their runs, saying why, until changed. */
export function deleteMacro(db: Database, input: { actor: Actor; macroId: string }): Promise<void> {
  const { actor, macroId } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const macro = await findVisibleMacro(tx, actor, macroId);
    assertCanChange(actor, macro);
    await tx.query('delete from macros where organization_id = $1 and id = $2', [organizationId, macroId]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'macro.deleted',
      entityType: 'macro',
      entityId: macroId,
      changes: { name: macro.name, scope: macro.owner_agent_id === null ? 'shared' : 'personal' },
    });
  });
}
