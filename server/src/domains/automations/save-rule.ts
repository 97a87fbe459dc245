import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { type Actor, requireAdmin } from '../auth/actor.ts';
import type { AutomationJobs } from './automation-queue.ts';
import { getRule, MAX_RULES } from './automation-rows.ts';
import type { AutomationRule, CreateRuleInput, RuleChanges } from './automations.schemas.ts';
import { assertRuleFits } from './check-rule.ts';
import { requestTimeTriggerRecompute } from './recompute-time-triggers.ts';
import { isTimeTrigger, RULE_SCHEMA_VERSION } from './rule.schemas.ts';
import type { WebhookPolicy } from './webhook-url.ts';

/**
 * A new rule runs last: after every rule already there, on the events that happen from now on. A
 * time rule has its instants planned on the open tickets by a job queued in the same transaction.
 */
export function createRule(
  db: Database,
  input: {
    actor: Actor;
    webhooks: WebhookPolicy;
    jobs: AutomationJobs;
    templateKey?: string;
  } & CreateRuleInput,
): Promise<AutomationRule> {
  const { actor, webhooks, jobs, templateKey, ...rule } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    await assertRuleFits(tx, organizationId, rule, webhooks);
    const [row] = await tx.query<{ count: number; next: number }>(
      `select count(*)::int as count, coalesce(max(position), 0) + 1 as next
         from automation_rules where organization_id = $1`,
      [organizationId],
    );
    if ((row?.count ?? 0) >= MAX_RULES) {
      throw new AppError('unprocessable', `An organization can have at most ${MAX_RULES} automation rules`);
    }
    const id = newId();
    await tx.query(
      `insert into automation_rules (organization_id, id, name, position, enabled, schema_version, trigger,
                                     conditions, actions, template_key)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        organizationId,
        id,
        rule.name.trim(),
        row?.next ?? 1,
        rule.enabled ?? true,
        RULE_SCHEMA_VERSION,
        JSON.stringify(rule.trigger),
        JSON.stringify(rule.conditions ?? {}),
        JSON.stringify(rule.actions),
        templateKey ?? null,
      ],
    );
    const created = await getRule(tx, organizationId, id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'automation_rule.created',
      entityType: 'automation_rule',
      entityId: id,
      changes: { after: created },
    });
    if (created.enabled && isTimeTrigger(created.trigger))
      await requestTimeTriggerRecompute(tx, jobs, organizationId);
    return created;
  });
}

/**
 * Each part given replaces the stored one whole; a saved rule is stored in the current schema version.
 * A rule with a time trigger before or after has its instants planned again by a job.
 */
export function updateRule(
  db: Database,
  input: {
    actor: Actor;
    ruleId: string;
    changes: RuleChanges;
    webhooks: WebhookPolicy;
    jobs: AutomationJobs;
  },
): Promise<AutomationRule> {
  const { actor, changes } = input;
  requireAdmin(actor);
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await getRule(tx, organizationId, input.ruleId, { forUpdate: true });
    await assertRuleFits(tx, organizationId, changes, input.webhooks);
    const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
    await tx.query(
      `update automation_rules
          set name = coalesce($3, name), enabled = coalesce($4, enabled), trigger = coalesce($5::jsonb, trigger),
              conditions = coalesce($6::jsonb, conditions), actions = coalesce($7::jsonb, actions),
              schema_version = $8, updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        before.id,
        changes.name?.trim() ?? null,
        changes.enabled ?? null,
        json(changes.trigger),
        json(changes.conditions),
        json(changes.actions),
        RULE_SCHEMA_VERSION,
      ],
    );
    const after = await getRule(tx, organizationId, before.id);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'automation_rule.updated',
      entityType: 'automation_rule',
      entityId: before.id,
      changes: { before, after },
    });
    if (isTimeTrigger(before.trigger) || isTimeTrigger(after.trigger))
      await requestTimeTriggerRecompute(tx, input.jobs, organizationId);
    return after;
  });
}
