import type { Queryable } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import type { AutomationRun, ConditionResult, FieldChange, RunOutcome } from './automations.schemas.ts';

export type NewRun = {
  organizationId: string;
  ruleId: string;
  ticketId: string;
  event: { id: string; type: string; depth: number };
  outcome: RunOutcome;
  conditions: ConditionResult[];
  changes: FieldChange[];
  error?: string;
};

/** The rules that already ran on this event: a retried job must not fire them twice. */
export async function rulesThatRan(
  tx: Queryable,
  input: { organizationId: string; eventId: string },
): Promise<Set<string>> {
  const rows = await tx.query<{ rule_id: string }>(
    'select rule_id from automation_runs where organization_id = $1 and event_id = $2',
    [input.organizationId, input.eventId],
  );
  return new Set(rows.map((row) => row.rule_id));
}

/** An event's runs in one statement. */
export async function recordRuns(tx: Queryable, runs: NewRun[]): Promise<void> {
  if (runs.length === 0) return;
  await tx.query(
    `insert into automation_runs (organization_id, id, rule_id, ticket_id, event_id, event_type, depth, outcome,
                                  conditions, changes, error)
     select x.organization_id, x.id, x.rule_id, x.ticket_id, x.event_id, x.event_type, x.depth, x.outcome,
            x.conditions, x.changes, x.error
       from jsonb_to_recordset($1::jsonb) as x(organization_id uuid, id uuid, rule_id uuid, ticket_id uuid,
            event_id uuid, event_type text, depth integer, outcome text, conditions jsonb, changes jsonb, error text)`,
    [
      JSON.stringify(
        runs.map((run) => ({
          organization_id: run.organizationId,
          id: newId(),
          rule_id: run.ruleId,
          ticket_id: run.ticketId,
          event_id: run.event.id,
          event_type: run.event.type,
          depth: run.event.depth,
          outcome: run.outcome,
          conditions: run.conditions,
          changes: run.changes,
          error: run.error ?? null,
        })),
      ),
    ],
  );
}

/** The ticket's events up to this one are dealt with; the cursor never moves back. */
export async function advanceCursor(
  tx: Queryable,
  input: { organizationId: string; ticketId: string; eventId: string },
): Promise<void> {
  await tx.query(
    `insert into automation_cursors (organization_id, ticket_id, last_event_id) values ($1, $2, $3)
     on conflict (organization_id, ticket_id) do update
       set last_event_id = greatest(automation_cursors.last_event_id, excluded.last_event_id), updated_at = now()`,
    [input.organizationId, input.ticketId, input.eventId],
  );
}

type RunRow = {
  id: string;
  rule_id: string;
  ticket_id: string;
  event_id: string;
  event_type: string;
  depth: number;
  outcome: RunOutcome;
  conditions: ConditionResult[];
  changes: FieldChange[];
  error: string | null;
  created_at: Date;
};

/** A rule's runs, newest first, a page at a time (keyset on the time-ordered id). */
export async function listRuns(
  tx: Queryable,
  input: { organizationId: string; ruleId: string; before: string | null; limit: number },
): Promise<RunRow[]> {
  return tx.query<RunRow>(
    `select id, rule_id, ticket_id, event_id, event_type, depth, outcome, conditions, changes, error, created_at
       from automation_runs
      where organization_id = $1 and rule_id = $2 and ($3::uuid is null or id < $3)
      order by id desc limit $4`,
    [input.organizationId, input.ruleId, input.before, input.limit],
  );
}

export const toRun = (row: RunRow): AutomationRun => ({
  id: row.id,
  ruleId: row.rule_id,
  ticketId: row.ticket_id,
  event: { id: row.event_id, type: row.event_type },
  depth: row.depth,
  outcome: row.outcome,
  conditions: row.conditions,
  changes: row.changes,
  error: row.error,
  createdAt: row.created_at.toISOString(),
});
