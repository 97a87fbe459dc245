import type { Queryable } from '../../db/client.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import type { Macro, MacroAction } from './macros.schemas.ts';

export type MacroRow = {
  id: string;
  owner_agent_id: string | null;
  name: string;
  description: string;
  position: number;
  schema_version: number;
  actions: MacroAction[];
  created_at: Date;
  updated_at: Date;
};

export const MACRO_SELECT = `select id, owner_agent_id, name, description, position, schema_version, actions,
  created_at, updated_at from macros`;

/** Shared macros and the actor's own ($2); another agent's personal macro does not exist for them. */
export const VISIBLE_TO = '(owner_agent_id is null or owner_agent_id = $2)';

export const toMacro = (row: MacroRow): Macro => ({
  id: row.id,
  name: row.name,
  description: row.description,
  scope: row.owner_agent_id === null ? 'shared' : 'personal',
  ownerId: row.owner_agent_id,
  position: row.position,
  schemaVersion: row.schema_version,
  actions: row.actions,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function findVisibleMacro(tx: Queryable, actor: Actor, macroId: string): Promise<MacroRow> {
  const [row] = await tx.query<MacroRow>(
    `${MACRO_SELECT} where organization_id = $1 and ${VISIBLE_TO} and id = $3`,
    [actor.organizationId, actor.agentId, macroId],
  );
  if (!row) throw notFound('Macro');
  return row;
}

/** Agents manage their own macros; the shared ones belong to the admins. */
export function assertCanChange(actor: Actor, row: Pick<MacroRow, 'owner_agent_id'>): void {
  if (row.owner_agent_id === null && !hasRole(actor, 'admin')) {
    throw new AppError('forbidden', 'Only admins can change shared macros');
  }
}

/**
 * What an automation's `apply_macro` stands for: a shared macro of the organization without a reply
 * (a rule does not write as an agent). Anything else is a 422 on `field`.
 */
export async function findAutomationMacro(
  tx: Queryable,
  input: { organizationId: string; macroId: string; field: string },
): Promise<MacroRow> {
  const [row] = await tx.query<MacroRow>(
    `${MACRO_SELECT} where organization_id = $1 and id = $2 and owner_agent_id is null`,
    [input.organizationId, input.macroId],
  );
  if (!row) {
    throw new AppError('unprocessable', 'Automations apply shared macros of this organization only', {
      field: input.field,
    });
  }
  if (row.actions.some((action) => action.type === 'reply')) {
    throw new AppError(
      'unprocessable',
      `The macro "${row.name}" replies to the requester; automations cannot`,
      {
        field: input.field,
      },
    );
  }
  return row;
}
