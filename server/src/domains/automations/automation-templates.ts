import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { AutomationJobs } from './automation-queue.ts';
import type { AutomationRule, CreateRuleInput } from './automations.schemas.ts';
import { createRule } from './save-rule.ts';
import type { WebhookPolicy } from './webhook-url.ts';

/** The ids a template's rule names, found by the names it needs. */
type Names = { teams: Record<string, string>; priorities: Record<string, string> };

type Template = {
  key: string;
  name: string;
  description: string;
  /** Teams and priorities the rule names: each must exist (by name, case-insensitive) to enable it. */
  needs: { teams: string[]; priorities: string[] };
  rule: (names: Names) => Omit<CreateRuleInput, 'name'>;
};

// The subject gets the ticket's [#number] tag when it is sent.
const TICKET_LINE = '{{ticket.subject}}';
const TICKET_FACTS =
  'Ticket #{{ticket.number}} from {{requester.name}} ({{requester.email}}), priority {{ticket.priority}}, ' +
  'status {{ticket.status}}.\n\nOpen the ticket: {{ticket.url}}';

/** The seed examples: data an admin turns into an ordinary rule, which they may then change. */
const TEMPLATES: readonly Template[] = [
  {
    key: 'route_billing_by_keyword',
    name: 'Route billing questions to Billing',
    description:
      'A new ticket whose subject or body mentions invoice, refund or billing goes to team Billing.',
    needs: { teams: ['Billing'], priorities: [] },
    rule: ({ teams }) => ({
      trigger: { type: 'ticket.created' },
      conditions: {
        all: [
          {
            type: 'text_words',
            in: 'subject_or_body',
            words: ['invoice', 'invoices', 'refund', 'refunds', 'billing'],
          },
        ],
      },
      actions: [{ type: 'set_team', teamId: teams.Billing ?? null }],
    }),
  },
  {
    key: 'assign_billing_least_busy',
    name: 'Assign Billing tickets to the least busy Billing agent',
    description:
      'An unassigned ticket that moves to team Billing (by a person or a rule) goes to the active Billing ' +
      'agent with the fewest new, open or pending tickets.',
    needs: { teams: ['Billing'], priorities: [] },
    rule: ({ teams }) => ({
      trigger: { type: 'ticket.updated', field: 'teamId', to: teams.Billing ?? null },
      conditions: { all: [{ type: 'assignee', in: [null] }] },
      actions: [{ type: 'assign_by_strategy', teamId: teams.Billing, strategy: 'least_open' }],
    }),
  },
  {
    key: 'escalate_urgent',
    name: 'Escalate urgent tickets',
    description:
      "Priority set to Urgent: tag the ticket escalated and email the ticket's team lead (its manager).",
    needs: { teams: [], priorities: ['Urgent'] },
    rule: ({ priorities }) => ({
      trigger: { type: 'ticket.updated', field: 'priorityId', to: priorities.Urgent ?? null },
      actions: [
        { type: 'add_tags', tags: ['escalated'] },
        {
          type: 'email_agents',
          to: 'team_manager',
          subject: `Escalated: ${TICKET_LINE}`,
          body: `Hello {{agent.first_name}},\n\nThis ticket was set to Urgent.\n\n${TICKET_FACTS}`,
        },
      ],
    }),
  },
  {
    key: 'sla_at_risk_manager',
    name: "Tell the team's manager when an SLA is at risk",
    description: "An SLA timer of a ticket became at risk: email the manager of the ticket's team.",
    needs: { teams: [], priorities: [] },
    rule: () => ({
      trigger: { type: 'sla.at_risk' },
      actions: [
        {
          type: 'email_agents',
          to: 'team_manager',
          subject: `SLA at risk: ${TICKET_LINE}`,
          body: `Hello {{agent.first_name}},\n\nA service level target of this ticket is at risk.\n\n${TICKET_FACTS}`,
        },
      ],
    }),
  },
];

export type AutomationTemplate = Pick<Template, 'key' | 'name' | 'description' | 'needs'> & {
  /** The rule enabled from it, while that rule exists. */
  ruleId: string | null;
};

export async function listAutomationTemplates(db: Database, actor: Actor): Promise<AutomationTemplate[]> {
  const { organizationId } = actor;
  const enabled = await withTenant(db, organizationId, (tx) => rulesFromTemplates(tx, organizationId));
  return TEMPLATES.map(({ key, name, description, needs }) => ({
    key,
    name,
    description,
    needs,
    ruleId: enabled.get(key) ?? null,
  }));
}

async function rulesFromTemplates(tx: Queryable, organizationId: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; template_key: string }>(
    `select id, template_key from automation_rules
      where organization_id = $1 and template_key is not null`,
    [organizationId],
  );
  return new Map(rows.map((row) => [row.template_key, row.id]));
}

/**
 * Creates the template's rule, enabled and last in order, with the teams and priorities it needs
 * found by name; one that is missing is a 422 saying what to create first.
 */
export async function enableAutomationTemplate(
  db: Database,
  input: { actor: Actor; key: string; webhooks: WebhookPolicy; jobs: AutomationJobs },
): Promise<AutomationRule> {
  const template = TEMPLATES.find((candidate) => candidate.key === input.key);
  if (!template) throw notFound('Automation template');
  const { organizationId } = input.actor;
  const names = await withTenant(db, organizationId, async (tx) => {
    const existing = (await rulesFromTemplates(tx, organizationId)).get(template.key);
    if (existing) throw alreadyEnabled(existing);
    return {
      teams: await idsByName(tx, organizationId, 'teams', template.needs.teams),
      priorities: await idsByName(tx, organizationId, 'ticket_priorities', template.needs.priorities),
    };
  });
  return createRule(db, {
    actor: input.actor,
    webhooks: input.webhooks,
    templateKey: template.key,
    jobs: input.jobs,
    name: template.name,
    ...template.rule(names),
  }).catch((error: unknown) => {
    // Two admins enabling it at the same moment: the second meets the first's rule.
    if (isUniqueViolation(error, 'automation_rules_template_key_idx')) throw alreadyEnabled(null);
    throw error;
  });
}

const alreadyEnabled = (ruleId: string | null) =>
  new AppError('conflict', 'This template is already enabled; edit or delete its rule instead', { ruleId });

async function idsByName(
  tx: Queryable,
  organizationId: string,
  table: 'teams' | 'ticket_priorities',
  wanted: readonly string[],
): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const name of wanted) {
    const [row] = await tx.query<{ id: string }>(
      `select id from ${table} where organization_id = $1 and lower(name) = lower($2) order by id limit 1`,
      [organizationId, name],
    );
    if (!row) {
      const kind = table === 'teams' ? 'team' : 'priority';
      throw new AppError(
        'unprocessable',
        `Create a ${kind} named "${name}" first, then enable this template`,
        {
          field: table === 'teams' ? 'teams' : 'priorities',
          missing: name,
        },
      );
    }
    ids[name] = row.id;
  }
  return ids;
}
