import type { Queryable } from '../../db/client.ts';
import { loadSubjects, lockAndLoadConfig } from '../sla/sla-inputs.ts';
import { listTimeRules } from './automation-rows.ts';
import type { AutomationRule } from './automations.schemas.ts';
import { planTicket, type TimeFacts, type TimePlan } from './time-trigger-plans.ts';

/**
 * Keeps the tickets' time-trigger instants right after they changed, in the changing transaction:
 * each enabled time rule whose state holds gets its anchor and due instant, the others lose theirs.
 * An organization without enabled time rules costs one query (rows a rule left when it was disabled
 * or changed are removed by the recompute job that change queued, and by the scheduler if it meets one).
 */
export async function refreshTimeTriggers(
  tx: Queryable,
  input: { organizationId: string; ticketIds: readonly string[] },
): Promise<void> {
  if (input.ticketIds.length === 0) return;
  const rules = await listTimeRules(tx, input.organizationId);
  if (rules.length === 0) return;
  const { plans } = await planTimeTriggers(tx, { ...input, rules });
  await writeTimeTriggers(tx, { ...input, plans });
}

/**
 * Locks the tickets and works out, for each rule, when it fires on each of them; anchors a rule has
 * already fired on (a run recorded under its derived event id) are left out. Answers the database
 * clock's now with them.
 */
export async function planTimeTriggers(
  tx: Queryable,
  input: { organizationId: string; ticketIds: readonly string[]; rules: readonly AutomationRule[] },
): Promise<{ now: Date; plans: TimePlan[] }> {
  const { organizationId, ticketIds, rules } = input;
  const config = await lockAndLoadConfig(tx, organizationId, ticketIds);
  if (rules.length === 0) return { now: config.now, plans: [] };
  const facts = await loadTimeFacts(tx, organizationId, ticketIds);
  const plans = facts.flatMap((ticket) => planTicket(rules, ticket, config));
  const fired = await firedEvents(tx, organizationId, plans);
  return { now: config.now, plans: plans.filter((plan) => !fired.has(`${plan.ruleId}/${plan.eventId}`)) };
}

async function loadTimeFacts(
  tx: Queryable,
  organizationId: string,
  ticketIds: readonly string[],
): Promise<TimeFacts[]> {
  const subjects = await loadSubjects(tx, organizationId, ticketIds);
  const rows = await tx.query<{ id: string; assignee_id: string | null; assignee_changed_at: Date | null }>(
    `select t.id, t.assignee_id,
            (select max(a.created_at) from audit_events a
              where a.organization_id = t.organization_id and a.entity_type = 'ticket' and a.entity_id = t.id
                and a.action = 'ticket.assignee_changed') as assignee_changed_at
       from tickets t where t.organization_id = $1 and t.id = any($2::uuid[])`,
    [organizationId, ticketIds],
  );
  const assignees = new Map(rows.map((row) => [row.id, row]));
  return subjects.map((subject) => {
    const row = assignees.get(subject.ticketId);
    return {
      ticketId: subject.ticketId,
      ticket: subject.ticket,
      history: subject.history,
      assigneeId: row?.assignee_id ?? null,
      assigneeChangedAt: row?.assignee_changed_at ? new Date(row.assignee_changed_at) : null,
    };
  });
}

/** `ruleId/eventId` of the plans whose firing is already recorded. */
async function firedEvents(tx: Queryable, organizationId: string, plans: TimePlan[]): Promise<Set<string>> {
  if (plans.length === 0) return new Set();
  const rows = await tx.query<{ rule_id: string; event_id: string }>(
    `select rule_id, event_id from automation_runs
      where organization_id = $1 and (rule_id, event_id) in (select * from unnest($2::uuid[], $3::uuid[]))`,
    [organizationId, plans.map((plan) => plan.ruleId), plans.map((plan) => plan.eventId)],
  );
  return new Set(rows.map((row) => `${row.rule_id}/${row.event_id}`));
}

/** The tickets' rows become exactly the plans, in one statement. */
export async function writeTimeTriggers(
  tx: Queryable,
  input: { organizationId: string; ticketIds: readonly string[]; plans: readonly TimePlan[] },
): Promise<void> {
  const plans = input.plans.map((plan) => ({
    rule_id: plan.ruleId,
    ticket_id: plan.ticketId,
    anchor_at: plan.anchorAt.toISOString(),
    due_at: plan.dueAt.toISOString(),
  }));
  await tx.query(
    `with plan as (
       select * from jsonb_to_recordset($3::jsonb)
         as x(rule_id uuid, ticket_id uuid, anchor_at timestamptz, due_at timestamptz)
     ),
     removed as (
       delete from automation_time_triggers s
        where s.organization_id = $1 and s.ticket_id = any($2::uuid[])
          and not exists (select 1 from plan where plan.rule_id = s.rule_id and plan.ticket_id = s.ticket_id)
     )
     insert into automation_time_triggers (organization_id, rule_id, ticket_id, anchor_at, due_at)
     select $1, rule_id, ticket_id, anchor_at, due_at from plan
     on conflict (organization_id, rule_id, ticket_id)
       do update set anchor_at = excluded.anchor_at, due_at = excluded.due_at`,
    [input.organizationId, input.ticketIds, JSON.stringify(plans)],
  );
}
