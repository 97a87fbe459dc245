import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { PolicyChanges, PolicyConditions, PolicyTarget } from './sla.schemas.ts';

const unprocessable = (field: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', message, { field, ...details });

/**
 * Checks what the schema cannot: the priorities, teams, custom fields and calendar a policy names
 * belong to the organization, and no two targets are for the same priority. Only the parts given
 * are checked, so a policy naming a priority deleted since can still be renamed or disabled.
 * The calendar stays locked until `tx` ends, so it cannot be deleted before the policy is written.
 */
export async function assertPolicyFits(
  tx: Queryable,
  organizationId: string,
  policy: PolicyChanges,
): Promise<void> {
  if (policy.conditions) await assertConditionsFit(tx, organizationId, policy.conditions);
  if (policy.targets) await assertTargetsFit(tx, organizationId, policy.targets);
  if (policy.calendarId) {
    const [calendar] = await tx.query(
      'select 1 from sla_calendars where organization_id = $1 and id = $2 for key share',
      [organizationId, policy.calendarId],
    );
    if (!calendar) throw unprocessable('calendarId', 'Unknown calendar');
  }
}

async function assertConditionsFit(
  tx: Queryable,
  organizationId: string,
  conditions: PolicyConditions,
): Promise<void> {
  const priorities = await missing(tx, 'ticket_priorities', organizationId, conditions.priorityIds ?? []);
  if (priorities.length > 0) {
    throw unprocessable('conditions.priorityIds', 'Unknown priority', { missing: priorities });
  }
  const teams = await missing(tx, 'teams', organizationId, conditions.teamIds ?? []);
  if (teams.length > 0) throw unprocessable('conditions.teamIds', 'Unknown team', { missing: teams });

  const keys = (conditions.customFields ?? []).map((condition) => condition.key);
  if (keys.length === 0) return;
  // Archived fields count: their values stay on tickets, which still need their service levels.
  const rows = await tx.query<{ key: string }>(
    'select key from ticket_field_definitions where organization_id = $1 and key = any($2::text[])',
    [organizationId, keys],
  );
  const known = new Set(rows.map((row) => row.key));
  const index = keys.findIndex((key) => !known.has(key));
  if (index >= 0) {
    throw unprocessable(`conditions.customFields.${index}.key`, `There is no custom field "${keys[index]}"`);
  }
}

async function assertTargetsFit(
  tx: Queryable,
  organizationId: string,
  targets: PolicyTarget[],
): Promise<void> {
  const seen = new Set<string | null>();
  for (const [index, target] of targets.entries()) {
    if (seen.has(target.priorityId)) {
      throw unprocessable(
        `targets.${index}.priorityId`,
        target.priorityId === null
          ? 'Only one target may cover the other priorities'
          : 'Only one target per priority',
      );
    }
    seen.add(target.priorityId);
  }
  const named = targets.flatMap((target) => (target.priorityId === null ? [] : [target.priorityId]));
  const [unknown] = await missing(tx, 'ticket_priorities', organizationId, named);
  if (unknown !== undefined) {
    const index = targets.findIndex((target) => target.priorityId === unknown);
    throw unprocessable(`targets.${index}.priorityId`, 'Unknown priority', { missing: [unknown] });
  }
}

/** The ids that are not rows of the organization's table, in the order given. */
async function missing(
  tx: Queryable,
  table: 'ticket_priorities' | 'teams',
  organizationId: string,
  ids: string[],
): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    `select id from ${table} where organization_id = $1 and id = any($2::uuid[])`,
    [organizationId, ids],
  );
  const known = new Set(rows.map((row) => row.id));
  return ids.filter((id) => !known.has(id));
}
