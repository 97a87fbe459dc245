import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { assertMacroFits } from './check-macro.ts';
import { assertCanChange, findVisibleMacro, type MacroRow, toMacro } from './macro-rows.ts';
import { MACRO_SCHEMA_VERSION, type Macro, type MacroChanges } from './macros.schemas.ts';

const recorded = (row: MacroRow) => ({
  name: row.name,
  description: row.description,
  position: row.position,
  actions: row.actions,
});

/** Renames, reorders or rewrites a macro; actions given replace the stored ones whole. */
export function updateMacro(
  db: Database,
  input: { actor: Actor; macroId: string; changes: MacroChanges },
): Promise<Macro> {
  const { actor, macroId, changes } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await findVisibleMacro(tx, actor, macroId);
    assertCanChange(actor, before);
    if (changes.actions) {
      await assertMacroFits(tx, { actor, shared: before.owner_agent_id === null, actions: changes.actions });
    }
    await tx.query(
      `update macros set name = coalesce($3, name), description = coalesce($4, description),
          position = coalesce($5, position), actions = coalesce($6::jsonb, actions),
          schema_version = case when $6::jsonb is null then schema_version else $7 end, updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        macroId,
        changes.name?.trim() ?? null,
        changes.description?.trim() ?? null,
        changes.position ?? null,
        changes.actions ? JSON.stringify(changes.actions) : null,
        MACRO_SCHEMA_VERSION,
      ],
    );
    const after = await findVisibleMacro(tx, actor, macroId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'macro.updated',
      entityType: 'macro',
      entityId: macroId,
      changes: { before: recorded(before), after: recorded(after) },
    });
    return toMacro(after);
  });
}
