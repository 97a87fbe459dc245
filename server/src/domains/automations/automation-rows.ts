import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import type { AutomationRule } from './automations.schemas.ts';

type RuleRow = {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  schema_version: number;
  trigger: AutomationRule['trigger'];
  conditions: AutomationRule['conditions'];
  actions: AutomationRule['actions'];
  template_key: string | null;
  created_at: Date;
  updated_at: Date;
};

const RULE_COLUMNS =
  'id, name, position, enabled, schema_version, trigger, conditions, actions, template_key, created_at, updated_at';

const toRule = (row: RuleRow): AutomationRule => ({
  id: row.id,
  name: row.name,
  position: row.position,
  enabled: row.enabled,
  schemaVersion: row.schema_version,
  trigger: row.trigger,
  conditions: row.conditions,
  actions: row.actions,
  templateKey: row.template_key,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Enough for any real rule set (the benchmark's 200 active ones), small enough to list whole. */
export const MAX_RULES = 500;

/** In the order they run; `enabledOnly` for the job. */
export async function listRules(
  tx: Queryable,
  organizationId: string,
  options: { enabledOnly?: boolean } = {},
): Promise<AutomationRule[]> {
  const rows = await tx.query<RuleRow>(
    `select ${RULE_COLUMNS} from automation_rules
      where organization_id = $1 ${options.enabledOnly ? 'and enabled' : ''}
      order by position, id`,
    [organizationId],
  );
  return rows.map(toRule);
}

/** The enabled rules with a time trigger, in the order they run (a filter on the organization's few rules). */
export async function listTimeRules(tx: Queryable, organizationId: string): Promise<AutomationRule[]> {
  const rows = await tx.query<RuleRow>(
    `select ${RULE_COLUMNS} from automation_rules
      where organization_id = $1 and enabled and trigger ->> 'type' like 'time.%'
      order by position, id`,
    [organizationId],
  );
  return rows.map(toRule);
}

export async function getRule(
  tx: Queryable,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AutomationRule> {
  const [row] = await tx.query<RuleRow>(
    `select ${RULE_COLUMNS} from automation_rules where organization_id = $1 and id = $2
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, id],
  );
  if (!row) throw notFound('Automation rule');
  return toRule(row);
}

/**
 * A rule as an agent may read it: a webhook's secret signs calls and is for admins alone, so it is
 * left out for anyone below admin (who cannot change rules anyway).
 */
export function ruleAsSeenBy(rule: AutomationRule, actor: Actor): AutomationRule {
  if (hasRole(actor, 'admin')) return rule;
  return {
    ...rule,
    actions: rule.actions.map((action) => {
      if (action.type !== 'webhook') return action;
      const { secret: _secret, ...withoutSecret } = action;
      return withoutSecret;
    }),
  };
}
