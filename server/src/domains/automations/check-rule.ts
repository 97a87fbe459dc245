import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { validateCustomFields } from '../custom-fields/validate-custom-fields.ts';
import { type AutomationAudience, parseAutomationTemplate } from '../email/email-templates.ts';
import { findAutomationMacro } from '../macros/macro-rows.ts';
import type { RuleChanges } from './automations.schemas.ts';
import type { Action, Condition, Trigger } from './rule.schemas.ts';
import { assertSafePattern } from './text-match.ts';
import { type WebhookPolicy, webhookUrlProblem } from './webhook-url.ts';

type Table = 'ticket_statuses' | 'ticket_priorities' | 'teams' | 'agents';

const unknownId = (field: string) => new AppError('unprocessable', `Unknown id at ${field}`, { field });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks what the schema cannot: every id a rule names is a row of this organization (so a rule can
 * never touch another organization's statuses, teams or agents), custom fields exist and take the
 * values given, patterns compile and are not exponential, email templates use known placeholders and
 * webhook URLs are https (or loopback http where allowed). A problem is a 422 naming its field, as
 * `actions.0.teamId`. Only the parts given are checked, so a rule naming a team deleted since can
 * still be renamed or disabled (its runs fail, saying why, until it is fixed).
 */
export async function assertRuleFits(
  tx: Queryable,
  organizationId: string,
  rule: RuleChanges,
  webhooks: WebhookPolicy,
): Promise<void> {
  const scope = { tx, organizationId, webhooks };
  if (rule.trigger) await checkTrigger(scope, rule.trigger);
  for (const group of ['all', 'any'] as const) {
    for (const [index, condition] of (rule.conditions?.[group] ?? []).entries()) {
      await checkCondition(scope, condition, `conditions.${group}.${index}`);
    }
  }
  for (const [index, action] of (rule.actions ?? []).entries())
    await checkAction(scope, action, `actions.${index}`);
}

type Scope = { tx: Queryable; organizationId: string; webhooks: WebhookPolicy };

/** One ticket action checked as a rule's would be, naming `path` (macros share these actions). */
export function assertTicketActionFits(
  tx: Queryable,
  organizationId: string,
  action: Action,
  path: string,
): Promise<void> {
  return checkAction({ tx, organizationId, webhooks: { allowHttpLoopback: false } }, action, path);
}

async function checkTrigger(scope: Scope, trigger: Trigger): Promise<void> {
  if (trigger.type === 'time.in_status')
    return checkStatusTrigger(scope, trigger.statusIds, trigger.categories);
  if (trigger.type !== 'ticket.updated') return;
  if (!trigger.field && (trigger.from !== undefined || trigger.to !== undefined)) {
    throw new AppError('unprocessable', 'Name the field whose from and to values you mean', {
      field: 'trigger.field',
    });
  }
  if (trigger.field?.startsWith('customFields.'))
    await checkCustomField(scope, trigger.field.slice(13), 'trigger.field');
  await checkAnyIds(scope, [trigger.from], 'trigger.from');
  await checkAnyIds(scope, [trigger.to], 'trigger.to');
}

async function checkCondition(scope: Scope, condition: Condition, path: string): Promise<void> {
  switch (condition.type) {
    case 'status':
      return checkIds(scope, 'ticket_statuses', condition.in, `${path}.in`);
    case 'priority':
      return checkIds(scope, 'ticket_priorities', condition.in, `${path}.in`);
    case 'team':
      return checkIds(scope, 'teams', condition.in, `${path}.in`);
    case 'assignee':
      return checkIds(scope, 'agents', condition.in, `${path}.in`);
    case 'custom_field':
      return checkCustomField(scope, condition.key, `${path}.key`);
    case 'text_regex':
      return assertSafePattern(condition.pattern, `${path}.pattern`);
    case 'changed':
      await checkAnyIds(scope, condition.from ?? [], `${path}.from`);
      return checkAnyIds(scope, condition.to ?? [], `${path}.to`);
    default:
      return;
  }
}

async function checkAction(scope: Scope, action: Action, path: string): Promise<void> {
  switch (action.type) {
    case 'set_status':
      return checkIds(scope, 'ticket_statuses', [action.statusId], `${path}.statusId`, false);
    case 'set_priority':
      return checkIds(scope, 'ticket_priorities', [action.priorityId], `${path}.priorityId`, false);
    case 'set_team':
      return checkIds(scope, 'teams', [action.teamId], `${path}.teamId`, false);
    case 'set_assignee':
      return checkIds(scope, 'agents', [action.assigneeId], `${path}.assigneeId`, false);
    case 'set_custom_field':
      await checkCustomField(scope, action.key, `${path}.key`);
      await validateCustomFields(
        scope.tx,
        scope.organizationId,
        { [action.key]: action.value },
        'update',
      ).catch((error: unknown) => {
        if (!(error instanceof AppError)) throw error;
        throw new AppError('unprocessable', error.message, { field: `${path}.value` });
      });
      return;
    case 'assign_by_strategy':
      if (action.teamId) await checkIds(scope, 'teams', [action.teamId], `${path}.teamId`, false);
      return;
    case 'email_requester':
      return checkEmailText('requester', action, path);
    case 'email_agents':
      if (typeof action.to === 'object')
        await checkIds(scope, 'agents', [action.to.agentId], `${path}.to.agentId`, false);
      return checkEmailText('agent', action, path);
    case 'webhook': {
      const problem = webhookUrlProblem(action.url, scope.webhooks);
      if (problem) throw new AppError('unprocessable', problem, { field: `${path}.url` });
      return;
    }
    case 'apply_macro':
      await findAutomationMacro(scope.tx, {
        organizationId: scope.organizationId,
        macroId: action.macroId,
        field: `${path}.macroId`,
      });
      return;
    default:
      return;
  }
}

/**
 * A status trigger names statuses, categories or both; its statuses are this organization's and
 * neither solved nor closed (a solved or closed ticket's time triggers never fire).
 */
async function checkStatusTrigger(
  scope: Scope,
  statusIds: readonly string[] | undefined,
  categories: readonly string[] | undefined,
): Promise<void> {
  if (!statusIds && !categories) {
    throw new AppError('unprocessable', 'Name the statuses or status categories to count time in', {
      field: 'trigger.statusIds',
    });
  }
  if (!statusIds) return;
  await checkIds(scope, 'ticket_statuses', statusIds, 'trigger.statusIds');
  const closed = await scope.tx.query<{ id: string }>(
    `select id from ticket_statuses where organization_id = $1 and id = any($2::uuid[])
        and category in ('solved', 'closed')`,
    [scope.organizationId, statusIds],
  );
  const closedIds = new Set(closed.map((row) => row.id));
  const index = statusIds.findIndex((id) => closedIds.has(id));
  if (index >= 0) {
    throw new AppError('unprocessable', 'Time triggers do not count on solved or closed tickets', {
      field: `trigger.statusIds.${index}`,
    });
  }
}

/** Subject and body may use only the placeholders their audience's email fills in. */
function checkEmailText(
  audience: AutomationAudience,
  text: { subject: string; body: string },
  path: string,
): void {
  for (const part of ['subject', 'body'] as const) {
    try {
      parseAutomationTemplate(audience, text[part]);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('unprocessable', error.message, { ...error.details, field: `${path}.${part}` });
    }
  }
}

/** Each id (null: "none", always fine) must be a row of the table in this organization. */
async function checkIds(
  scope: Scope,
  table: Table,
  ids: readonly (string | null)[],
  path: string,
  indexed = true,
): Promise<void> {
  const named = ids.filter((id): id is string => id !== null);
  if (named.length === 0) return;
  const active = table === 'agents' ? 'and is_active' : '';
  const rows = await scope.tx.query<{ id: string }>(
    `select id from ${table} where organization_id = $1 and id = any($2::uuid[]) ${active}`,
    [scope.organizationId, named],
  );
  const known = new Set(rows.map((row) => row.id));
  const index = ids.findIndex((id) => id !== null && !known.has(id));
  if (index >= 0) throw unknownId(indexed ? `${path}.${index}` : path);
}

/** Values compared with a changed field: an id among them must be one of this organization's. */
async function checkAnyIds(scope: Scope, values: readonly unknown[], path: string): Promise<void> {
  const ids = values.filter((value): value is string => typeof value === 'string' && UUID.test(value));
  if (ids.length === 0) return;
  const rows = await scope.tx.query<{ id: string }>(
    `select id from ticket_statuses where organization_id = $1 and id = any($2::uuid[])
       union select id from ticket_priorities where organization_id = $1 and id = any($2::uuid[])
       union select id from teams where organization_id = $1 and id = any($2::uuid[])
       union select id from agents where organization_id = $1 and id = any($2::uuid[])`,
    [scope.organizationId, ids],
  );
  const known = new Set(rows.map((row) => row.id));
  const index = values.findIndex(
    (value) => typeof value === 'string' && UUID.test(value) && !known.has(value),
  );
  if (index >= 0)
    throw unknownId(values.length === 1 && path.startsWith('trigger') ? path : `${path}.${index}`);
}

async function checkCustomField(scope: Scope, key: string, path: string): Promise<void> {
  const [row] = await scope.tx.query(
    'select 1 from ticket_field_definitions where organization_id = $1 and key = $2',
    [scope.organizationId, key],
  );
  if (!row) throw new AppError('unprocessable', `There is no custom field "${key}"`, { field: path });
}
