import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor, AutomationActor } from '../auth/actor.ts';
import { validateCustomFields } from '../custom-fields/validate-custom-fields.ts';
import type { OutboundQueue } from '../email/enqueue-email.ts';
import { notifyAgents } from '../notifications/notify-agents.ts';
import { assertReferences, statusCategory } from './ticket-references.ts';
import { getTicket } from './ticket-rows.ts';
import type { Ticket, TicketChanges } from './tickets.schemas.ts';
import { ticketsChanged } from './tickets-changed.ts';

// Each changed field is its own history event, named as the rest of the system names it.
const FIELDS = {
  subject: { column: 'subject', action: 'ticket.subject_changed' },
  assigneeId: { column: 'assignee_id', action: 'ticket.assignee_changed' },
  teamId: { column: 'team_id', action: 'ticket.team_changed' },
  statusId: { column: 'status_id', action: 'ticket.status_changed' },
  priorityId: { column: 'priority_id', action: 'ticket.priority_changed' },
  tags: { column: 'tags', action: 'ticket.tags_changed' },
} as const;
type Field = keyof typeof FIELDS;

export type UpdateTicketInput = {
  actor: Actor;
  /** Where the new assignee's notification email is queued. */
  outbound: OutboundQueue;
  ticketId: string;
  expectedVersion: number;
  changes: TicketChanges;
};

/**
 * Changes a ticket if nobody changed it since the caller read it (its version); a stale write is a
 * 409 carrying the current ticket. Moving into a solved or closed status stamps those times, and
 * moving back out clears them.
 */
export function updateTicket(db: Database, input: UpdateTicketInput): Promise<Ticket> {
  const { actor, ticketId, changes } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    await lockTickets(tx, organizationId, [ticketId]);
    const before = await getTicket(tx, organizationId, ticketId);
    if (before.version !== input.expectedVersion) {
      throw new AppError('conflict', 'Someone else changed this ticket; review their change and try again', {
        field: 'version',
        current: before,
      });
    }
    await assertReferences(tx, organizationId, changes);
    const customFields =
      changes.customFields &&
      (await validateCustomFields(tx, organizationId, changes.customFields, 'update'));
    await changeTicket(tx, {
      actor,
      outbound: input.outbound,
      before,
      changes: { ...changes, customFields: customFields || undefined },
    });
    return getTicket(tx, organizationId, ticketId);
  });
}

/** Row locks in id order, so two writers touching overlapping sets of tickets cannot deadlock. */
export async function lockTickets(
  tx: Queryable,
  organizationId: string,
  ticketIds: string[],
): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(
    `select id from tickets where organization_id = $1 and id = any($2::uuid[]) order by id for update`,
    [organizationId, ticketIds],
  );
  return rows.map((row) => row.id);
}

/**
 * Applies the fields that differ from the locked ticket, bumps its version and writes one history
 * event per field, and emails a new assignee. References must have been checked; tells whether
 * anything changed. An automation's change is recorded under its rule, with its chain depth.
 */
export async function changeTicket(
  tx: Queryable,
  input: {
    actor: Actor | AutomationActor;
    outbound: OutboundQueue;
    before: Ticket;
    changes: TicketChanges;
    context?: Record<string, unknown>;
  },
): Promise<boolean> {
  const { actor, before, changes } = input;
  const { organizationId } = actor;
  const changed = changedFields(before, changes);
  const customChanges = changedCustomFields(before, changes.customFields);
  if (changed.length === 0 && customChanges.length === 0) return false;
  await applyChanges(tx, { organizationId, ticketId: before.id, changes, changed });
  const by = recordedAs(actor);
  const context = { ...input.context, ...by.context };
  for (const field of changed) {
    await recordAudit(tx, {
      organizationId,
      ...by.actor,
      action: FIELDS[field].action,
      entityType: 'ticket',
      entityId: before.id,
      changes: { field, from: before[field], to: changes[field], ...context },
    });
  }
  for (const { key, from, to } of customChanges) {
    await recordAudit(tx, {
      organizationId,
      ...by.actor,
      action: 'ticket.custom_field_changed',
      entityType: 'ticket',
      entityId: before.id,
      changes: { field: `customFields.${key}`, from, to, ...context },
    });
  }
  if (changed.includes('assigneeId')) {
    await notifyAgents(tx, input.outbound, {
      organizationId,
      ticketId: before.id,
      actorAgentId: by.actor.actorType === 'agent' ? by.actor.actorId : null,
      notification: { type: 'assigned', assigneeId: changes.assigneeId ?? null },
    });
  }
  await ticketsChanged(tx, input.outbound.jobs, { organizationId, ticketIds: [before.id] });
  return true;
}

/** Who the history names: the agent, or the rule with its depth in a chain of automation changes. */
function recordedAs(actor: Actor | AutomationActor): {
  actor: { actorType: 'agent' | 'automation'; actorId: string };
  context: Record<string, unknown>;
} {
  if ('ruleId' in actor) {
    return {
      actor: { actorType: 'automation', actorId: actor.ruleId },
      context: { ruleId: actor.ruleId, depth: actor.depth },
    };
  }
  return { actor: { actorType: 'agent', actorId: actor.agentId }, context: {} };
}

type CustomFieldChange = { key: string; from: unknown; to: unknown };

/** Validated values (null = cleared) that differ from what the ticket holds. */
function changedCustomFields(
  before: Ticket,
  values: Record<string, unknown> | undefined,
): CustomFieldChange[] {
  return Object.entries(values ?? {})
    .map(([key, to]) => ({ key, from: before.customFields[key] ?? null, to }))
    .filter(({ from, to }) => JSON.stringify(from) !== JSON.stringify(to));
}

function changedFields(before: Ticket, changes: TicketChanges): Field[] {
  return (Object.keys(FIELDS) as Field[]).filter((field) => {
    const next = changes[field];
    if (next === undefined) return false;
    return JSON.stringify(next) !== JSON.stringify(before[field]);
  });
}

type Apply = { organizationId: string; ticketId: string; changes: TicketChanges; changed: Field[] };

async function applyChanges(
  tx: Queryable,
  { organizationId, ticketId, changes, changed }: Apply,
): Promise<void> {
  const assignments = changed.map((field, index) => `${FIELDS[field].column} = $${index + 3}`);
  const values: unknown[] = changed.map((field) =>
    field === 'subject' ? changes.subject?.trim() : changes[field],
  );
  if (changes.customFields) {
    // Cleared fields arrive as null and leave the object rather than stay as null keys.
    values.push(JSON.stringify(changes.customFields));
    assignments.push(`custom_fields = jsonb_strip_nulls(custom_fields || $${values.length + 2}::jsonb)`);
  }
  if (changes.statusId && changed.includes('statusId')) {
    const category = await statusCategory(tx, organizationId, changes.statusId);
    const done = category === 'solved' || category === 'closed';
    assignments.push(done ? 'solved_at = coalesce(solved_at, now())' : 'solved_at = null');
    assignments.push(category === 'closed' ? 'closed_at = now()' : 'closed_at = null');
  }
  await tx.query(
    `update tickets set ${assignments.join(', ')}, version = version + 1, updated_at = now()
      where organization_id = $1 and id = $2`,
    [organizationId, ticketId, ...values],
  );
}
