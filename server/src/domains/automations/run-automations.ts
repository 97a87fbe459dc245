import type { FastifyBaseLogger } from 'fastify';
import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { AppError } from '../../lib/errors.ts';
import type { OutboundQueue } from '../email/enqueue-email.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { insertComment } from '../tickets/insert-comment.ts';
import { getTicket } from '../tickets/ticket-rows.ts';
import type { Ticket, TicketSource } from '../tickets/tickets.schemas.ts';
import { ticketsChanged } from '../tickets/tickets-changed.ts';
import { changeTicket, lockTickets } from '../tickets/update-ticket.ts';
import { advanceTurn } from './assign-by-strategy.ts';
import type { RunAutomationsJob } from './automation-queue.ts';
import { listRules } from './automation-rows.ts';
import { advanceCursor, type NewRun, recordRuns, rulesThatRan } from './automation-runs.ts';
import type { AutomationRule, FieldChange } from './automations.schemas.ts';
import { evaluateConditions, needsBusinessHours } from './evaluate-conditions.ts';
import { type EventContext, loadEventContext } from './event-context.ts';
import { triggerMatches } from './match-trigger.ts';
import { checkedPlan, describeChanges } from './plan-actions.ts';
import { queueOutboundActions } from './queue-outbound-actions.ts';
import { EVENTS_PER_ROUND, eventsAfter, type TriggerEvent } from './trigger-events.ts';
import type { WebhookQueue } from './webhook-queue.ts';

/**
 * How many automation-caused changes may follow one another. A rule run on an event at this depth
 * would make changes one deeper: it is recorded as `loop_stopped` with a logged warning instead.
 */
export const MAX_CHAIN_DEPTH = 5;

export type AutomationDeps = {
  db: Database;
  outbound: OutboundQueue;
  webhooks: WebhookQueue;
  logger: FastifyBaseLogger;
};

/** An event some enabled rule's trigger takes, with those rules. */
type TriggeredEvent = { id: string; event: TriggerEvent; rules: AutomationRule[] };

/**
 * What a round has to do: the events rules take; the last event no rule takes after the last of
 * them, if any (the cursor passes it once their runs are recorded); whether more events wait.
 */
type Work = { triggered: TriggeredEvent[]; passedAfter: string | null; more: boolean };

/**
 * The automation job for one ticket: every event after its cursor, in order, through the enabled
 * rules in position order. Each rule run is one transaction holding its actions, its run row and
 * (on an event's last run) the cursor's advance. Changes the runs make are events too, read in the
 * next round, until none is left. Events no rule takes (most of them) cost no run: the cursor
 * passes them in the transaction that read them.
 */
export async function runAutomations(deps: AutomationDeps, job: RunAutomationsJob): Promise<void> {
  const { organizationId, ticketId } = job;
  for (;;) {
    const work = await withTenant(deps.db, organizationId, (tx) => loadWork(tx, organizationId, ticketId));
    for (const { id, event, rules } of work.triggered) {
      const context = await withTenant(deps.db, organizationId, (tx) =>
        loadEventContext(tx, {
          organizationId,
          ticketId,
          event,
          businessHours: rules.some((rule) => needsBusinessHours(rule.conditions)),
        }),
      );
      await withTenant(deps.db, organizationId, (tx) =>
        runEvent(tx, deps, { organizationId, ticketId, rules, event, context, eventId: id }),
      );
    }
    const { passedAfter } = work;
    if (passedAfter) {
      await withTenant(deps.db, organizationId, (tx) =>
        advanceCursor(tx, { organizationId, ticketId, eventId: passedAfter }),
      );
    }
    // With nothing run, this job made no event: a change by anyone else queues the next job.
    if (work.triggered.length === 0 && !work.more) return;
  }
}

/**
 * The round's events after the ticket's cursor, with the rules each triggers. When no rule takes any
 * of them (the usual case), the cursor passes them all in this transaction; otherwise each run
 * moves it (see runEvent), and the last events no rule takes are passed after the runs.
 */
async function loadWork(tx: Queryable, organizationId: string, ticketId: string): Promise<Work> {
  const [ticket] = await tx.query<{ source: TicketSource; last_event_id: string | null }>(
    `select t.source, c.last_event_id from tickets t
       left join automation_cursors c on c.organization_id = t.organization_id and c.ticket_id = t.id
      where t.organization_id = $1 and t.id = $2`,
    [organizationId, ticketId],
  );
  if (!ticket) return { triggered: [], passedAfter: null, more: false };
  const events = await eventsAfter(tx, {
    organizationId,
    ticketId,
    afterId: ticket.last_event_id,
    source: ticket.source,
  });
  const more = events.length === EVENTS_PER_ROUND;
  if (events.length === 0) return { triggered: [], passedAfter: null, more };
  const enabled = await listRules(tx, organizationId, { enabledOnly: true });
  const triggered: TriggeredEvent[] = [];
  let passed: string | null = null;
  for (const { id, event } of events) {
    const rules = event ? enabled.filter((rule) => triggerMatches(rule.trigger, event)) : [];
    if (event && rules.length > 0) {
      triggered.push({ id, event, rules });
      passed = null;
    } else passed = id;
  }
  if (triggered.length === 0 && passed) {
    await advanceCursor(tx, { organizationId, ticketId, eventId: passed });
    return { triggered, passedAfter: null, more };
  }
  return { triggered, passedAfter: passed, more };
}

/** Rules to run on one event of one ticket. */
export type RuleRun = {
  organizationId: string;
  ticketId: string;
  rules: AutomationRule[];
  event: TriggerEvent;
  context: EventContext;
};

type EventRun = RuleRun & {
  /** The event's id, where the cursor moves once its rules have run. */
  eventId: string;
};

/** A history event's rules, and the cursor's advance past it, in one transaction. */
async function runEvent(tx: Queryable, deps: AutomationDeps, run: EventRun): Promise<void> {
  await runRules(tx, deps, run);
  await advanceCursor(tx, {
    organizationId: run.organizationId,
    ticketId: run.ticketId,
    eventId: run.eventId,
  });
}

/**
 * The rules whose trigger took one event, in order, in the caller's transaction with their run rows.
 * Each rule sees the ticket as the rules before it left it. A rule's actions are all or nothing (a
 * savepoint): actions refused at run time (a team deleted since the rule was saved) are undone and
 * the run recorded as failed, and the rules after it still run. Rules that already ran on this event
 * (a retried job) are skipped, so none fires twice. History events and time triggers both run here.
 */
export async function runRules(tx: Queryable, deps: AutomationDeps, run: RuleRun): Promise<void> {
  const { organizationId, ticketId, event } = run;
  await lockTickets(tx, organizationId, [ticketId]);
  const done = await rulesThatRan(tx, { organizationId, eventId: event.id });
  let ticket = await getTicket(tx, organizationId, ticketId);
  const runs: NewRun[] = [];
  for (const rule of run.rules) {
    if (done.has(rule.id)) continue;
    const { matched, results } = evaluateConditions(rule.conditions, { ticket, event, ...run.context });
    const recorded = { organizationId, ruleId: rule.id, ticketId, event, conditions: results };
    if (!matched) {
      runs.push({ ...recorded, outcome: 'not_matched', changes: [] });
    } else if (event.depth >= MAX_CHAIN_DEPTH) {
      deps.logger.warn(
        { organizationId, ticketId, ruleId: rule.id, eventId: event.id, depth: event.depth },
        'automation chain reached its depth bound; rule not applied',
      );
      runs.push({ ...recorded, outcome: 'loop_stopped', changes: [] });
    } else {
      const applied = await applyRuleActions(tx, deps, { organizationId, rule, event, before: ticket });
      runs.push({ ...recorded, ...applied });
      ticket = await getTicket(tx, organizationId, ticketId);
    }
  }
  await recordRuns(tx, runs);
}

/** A matched rule's actions, undone whole if any is refused; answers the run's outcome and changes. */
async function applyRuleActions(
  tx: Queryable,
  deps: AutomationDeps,
  input: { organizationId: string; rule: AutomationRule; event: TriggerEvent; before: Ticket },
): Promise<Pick<NewRun, 'outcome' | 'changes' | 'error'>> {
  const { organizationId, rule, before } = input;
  await tx.query('savepoint automation_rule');
  try {
    const changes = await applyActions(tx, deps, input);
    await tx.query('release savepoint automation_rule');
    return { outcome: changes.length > 0 ? 'applied' : 'no_change', changes };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    await tx.query('rollback to savepoint automation_rule');
    deps.logger.warn(
      { err: error, organizationId, ticketId: before.id, ruleId: rule.id },
      'automation failed',
    );
    return { outcome: 'failed', changes: [], error: error.message };
  }
}

/**
 * The rule's actions on the locked ticket, recorded under the rule one deeper than its event; its
 * emails and webhooks go out for the ticket as the changes left it.
 */
async function applyActions(
  tx: Queryable,
  deps: AutomationDeps,
  input: { organizationId: string; rule: AutomationRule; event: TriggerEvent; before: Ticket },
): Promise<FieldChange[]> {
  const { organizationId, rule, event, before } = input;
  const ticketId = before.id;
  const depth = event.depth + 1;
  const plan = await checkedPlan(tx, organizationId, rule.actions, before);
  const changes = describeChanges(plan, before);
  const actor = { organizationId, ruleId: rule.id, depth };
  const changed = await changeTicket(tx, { actor, outbound: deps.outbound, before, changes: plan.changes });
  if (plan.turn) await advanceTurn(tx, { organizationId, ...plan.turn });
  for (const note of plan.notes) {
    await insertComment(tx, {
      organizationId,
      ticketId,
      authorType: 'system',
      authorId: null,
      visibility: 'internal',
      body: commentBody({ body: note }),
      opensTicket: false,
      automation: { ruleId: rule.id, depth },
    });
  }
  if (plan.notes.length > 0 && !changed) {
    await ticketsChanged(tx, deps.outbound.jobs, { organizationId, ticketIds: [ticketId] });
  }
  if (plan.outbound.length === 0) return changes;
  const sent = await queueOutboundActions(tx, deps, {
    organizationId,
    rule,
    event,
    ticket: await getTicket(tx, organizationId, ticketId),
    actions: plan.outbound,
  });
  return [...changes, ...sent];
}
