import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import { getPolicy } from './policy-rows.ts';
import { requestSlaRecompute, type SlaJobs } from './recompute-sla.ts';

/** The policies after it move up one, so positions stay 1…n. */
export function deletePolicy(
  db: Database,
  input: { actor: Actor; jobs: SlaJobs; policyId: string },
): Promise<void> {
  const { actor } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const policy = await getPolicy(tx, organizationId, input.policyId, { forUpdate: true });
    await tx.query('delete from sla_policies where organization_id = $1 and id = $2', [
      organizationId,
      policy.id,
    ]);
    await tx.query(
      `update sla_policies p set position = ordered.position
         from (select id, row_number() over (order by position, id)::int as position
                 from sla_policies where organization_id = $1) ordered
        where p.organization_id = $1 and p.id = ordered.id and p.position <> ordered.position`,
      [organizationId],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'sla_policy.deleted',
      entityType: 'sla_policy',
      entityId: policy.id,
      changes: { before: policy },
    });
    await requestSlaRecompute(tx, input.jobs, organizationId);
  });
}
