import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { type Actor, type AgentRole, requireAdmin } from '../auth/actor.ts';
import { deleteAgentSessions } from '../auth/sessions.ts';
import { getAgent } from './get-agent.ts';
import type { Agent } from './people.schemas.ts';

export type UpdateAgentInput = {
  actor: Actor;
  agentId: string;
  name?: string;
  role?: AgentRole;
  isActive?: boolean;
};

/**
 * Admins rename, re-role and deactivate agents. Only an owner touches owners or makes one, and an
 * organization always keeps at least one active owner. Deactivation ends the agent's sessions at once.
 */
export function updateAgent(db: Database, input: UpdateAgentInput): Promise<Agent> {
  const { actor } = input;
  requireAdmin(actor);
  return withTenant(db, actor.organizationId, async (tx) => {
    const before = await getAgent(tx, actor.organizationId, input.agentId);
    const touchesOwnership = before.role === 'owner' || input.role === 'owner';
    if (touchesOwnership && actor.role !== 'owner') throw forbidden('Only an owner can change an owner');
    const demoted = input.role !== undefined && input.role !== 'owner';
    const losesOwner = before.role === 'owner' && (demoted || input.isActive === false);
    if (losesOwner) await ensureAnotherOwner(tx, actor.organizationId, before.id);

    await tx.query(
      `update agents set name = coalesce($3, name), role = coalesce($4, role),
              is_active = coalesce($5, is_active), updated_at = now()
        where organization_id = $1 and id = $2`,
      [actor.organizationId, before.id, input.name ?? null, input.role ?? null, input.isActive ?? null],
    );
    if (input.isActive === false) await deleteAgentSessions(tx, actor.organizationId, before.id);
    const after = await getAgent(tx, actor.organizationId, before.id);
    await recordAudit(tx, {
      organizationId: actor.organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'agent.updated',
      entityType: 'agent',
      entityId: before.id,
      changes: changedFields(before, after),
    });
    return after;
  });
}

async function ensureAnotherOwner(tx: Queryable, organizationId: string, agentId: string): Promise<void> {
  // Locking every active owner, always in id order, makes two owners stepping down at once take turns:
  // the second re-reads the owners after the first commits, so the last one cannot leave.
  const owners = await tx.query<{ id: string }>(
    `select id from agents where organization_id = $1 and role = 'owner' and is_active order by id for update`,
    [organizationId],
  );
  if (!owners.some((owner) => owner.id !== agentId)) {
    throw new AppError('conflict', 'An organization needs at least one active owner');
  }
}

function changedFields(before: Agent, after: Agent): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const key of ['name', 'role', 'isActive'] as const) {
    if (before[key] !== after[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}
