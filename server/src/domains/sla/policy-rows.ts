import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { Policy } from './sla.schemas.ts';

type PolicyRow = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: Policy['conditions'];
  targets: Policy['targets'];
  calendar_id: string | null;
  hours: Policy['hours'];
  pausable_timers: Policy['pausableTimers'];
  at_risk: Policy['atRisk'];
  created_at: Date;
  updated_at: Date;
};

const POLICY_COLUMNS = `id, name, position, enabled, conditions, targets, calendar_id, hours, pausable_timers,
  at_risk, created_at, updated_at`;

const toPolicy = (row: PolicyRow): Policy => ({
  id: row.id,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  conditions: row.conditions,
  targets: row.targets,
  calendarId: row.calendar_id,
  hours: row.hours,
  pausableTimers: row.pausable_timers,
  atRisk: row.at_risk,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Enough for any real set of service levels, and small enough to return whole and reorder at once. */
export const MAX_POLICIES = 100;

/** In the order they are tried: the first enabled one whose conditions hold applies. */
export async function listPolicies(tx: Queryable, organizationId: string): Promise<Policy[]> {
  const rows = await tx.query<PolicyRow>(
    `select ${POLICY_COLUMNS} from sla_policies where organization_id = $1 order by position, id`,
    [organizationId],
  );
  return rows.map(toPolicy);
}

export async function getPolicy(
  tx: Queryable,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Policy> {
  const [row] = await tx.query<PolicyRow>(
    `select ${POLICY_COLUMNS} from sla_policies where organization_id = $1 and id = $2
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, id],
  );
  if (!row) throw notFound('SLA policy');
  return toPolicy(row);
}
