import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import type { PageOf } from '../../lib/pagination.ts';
import type { Actor } from '../auth/actor.ts';
import { findVisibleMacro, MACRO_SELECT, type MacroRow, toMacro, VISIBLE_TO } from './macro-rows.ts';
import type { Macro, MacroListRequest } from './macros.schemas.ts';

/** Every macro the actor may apply: shared ones first, then their own, each in position and name order. */
export function listMacros(
  db: Database,
  input: { actor: Actor; request: MacroListRequest },
): Promise<PageOf<Macro>> {
  const { actor, request } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const rows = await tx.query<MacroRow>(
      `${MACRO_SELECT}
        where organization_id = $1 and ${VISIBLE_TO}
          and ($3::text is null or ($3 = 'shared') = (owner_agent_id is null))
        order by owner_agent_id nulls first, position, lower(name), id`,
      [actor.organizationId, actor.agentId, request.scope ?? null],
    );
    return { items: rows.map(toMacro), nextCursor: null };
  });
}

export function getMacro(db: Database, input: { actor: Actor; macroId: string }): Promise<Macro> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) =>
    toMacro(await findVisibleMacro(tx, actor, input.macroId)),
  );
}
