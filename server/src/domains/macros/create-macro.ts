import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../auth/actor.ts';
import { assertMacroFits } from './check-macro.ts';
import { assertCanChange, findVisibleMacro, toMacro } from './macro-rows.ts';
import { MACRO_SCHEMA_VERSION, type Macro, type NewMacro } from './macros.schemas.ts';

/** A personal macro for the actor, or a shared one (admins); last in its list unless a position is given. */
export function createMacro(db: Database, input: { actor: Actor; macro: NewMacro }): Promise<Macro> {
  const { actor, macro } = input;
  const ownerId = macro.scope === 'shared' ? null : actor.agentId;
  assertCanChange(actor, { owner_agent_id: ownerId });
  const { organizationId } = actor;
  const id = newId();
  const name = macro.name.trim();
  return withTenant(db, organizationId, async (tx) => {
    await assertMacroFits(tx, { actor, shared: ownerId === null, actions: macro.actions });
    await tx.query(
      `insert into macros (organization_id, id, owner_agent_id, name, description, position, schema_version, actions)
       values ($1, $2, $3, $4, $5,
               coalesce($6, (select coalesce(max(position) + 1, 0) from macros
                              where organization_id = $1 and owner_agent_id is not distinct from $3)),
               $7, $8)`,
      [
        organizationId,
        id,
        ownerId,
        name,
        macro.description?.trim() ?? '',
        macro.position ?? null,
        MACRO_SCHEMA_VERSION,
        JSON.stringify(macro.actions),
      ],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'macro.created',
      entityType: 'macro',
      entityId: id,
      changes: { name, scope: ownerId === null ? 'shared' : 'personal', actions: macro.actions },
    });
    return toMacro(await findVisibleMacro(tx, actor, id));
  });
}
