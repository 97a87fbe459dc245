import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { assertPolicyFits } from './check-policy.ts';
import { getPolicy, MAX_POLICIES } from './policy-rows.ts';
import { requestSlaRecompute, type SlaJobs } from './recompute-sla.ts';
import type { CreatePolicyInput, Policy, PolicyChanges } from './sla.schemas.ts';

/** A new policy goes last: it applies only to tickets no earlier policy takes. */
export function createPolicy(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs } & CreatePolicyInput,
): Promise<Policy> {
  const { actor, jobs, ...policy } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    await assertPolicyFits(tx, organizationId, policy);
    const [row] = await tx.query<{ count: number; next: number }>(
      `select count(*)::int as count, coalesce(max(position), 0) + 1 as next
         from sla_policies where organization_id = $1`,
      [organizationId],
    );
    if ((row?.count ?? 0) >= MAX_POLICIES) {
      throw new AppError('unprocessable', `An organization can have at most ${MAX_POLICIES} SLA policies`);
    }
    const id = newId();
    await tx.query(
      `insert into sla_policies (organization_id, id, name, position, enabled, conditions, targets,
                                 calendar_id, hours, pausable_timers, at_risk)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        organizationId,
        id,
        policy.name.trim(),
        row?.next ?? 1,
        policy.enabled ?? true,
        JSON.stringify(policy.conditions ?? {}),
        JSON.stringify(policy.targets),
        policy.calendarId ?? null,
        policy.hours ?? 'business',
        policy.pausableTimers ?? ['resolution'],
        JSON.stringify(policy.atRisk ?? { percent: 75 }),
      ],
    );
    const created = await getPolicy(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_policy.created',
      entityType: 'sla_policy',
      entityId: id,
      changes: { after: created },
    });
    await requestSlaRecompute(tx, jobs, organizationId);
    return created;
  });
}

/** Each part given replaces the stored one whole; `calendarId: null` returns to the default calendar. */
export function updatePolicy(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; policyId: string; changes: PolicyChanges },
): Promise<Policy> {
  const { actor, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getPolicy(tx, organizationId, input.policyId, { forUpdate: true });
    await assertPolicyFits(tx, organizationId, changes);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    await tx.query(
      `update sla_policies
          set name = coalesce($3, name), enabled = coalesce($4, enabled),
              conditions = coalesce($5::jsonb, conditions), targets = coalesce($6::jsonb, targets),
              calendar_id = case when $7::boolean then $8::uuid else calendar_id end,
              hours = coalesce($9, hours), pausable_timers = coalesce($10::text[], pausable_timers),
              at_risk = coalesce($11::jsonb, at_risk), updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        before.id,
        changes.name?.trim() ?? null,
        changes.enabled ?? null,
        json(changes.conditions),
        json(changes.targets),
        // calendarId: null is a change of its own (back to the default), unlike a missing one.
        changes.calendarId !== undefined,
        changes.calendarId ?? null,
        changes.hours ?? null,
        changes.pausableTimers ?? null,
        json(changes.atRisk),
      ],
    );
    const after = await getPolicy(tx, organizationId, before.id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_policy.updated',
      entityType: 'sla_policy',
      entityId: before.id,
      changes: { before, after },
    });
    await requestSlaRecompute(tx, input.jobs, organizationId);
    return after;
  });
}
