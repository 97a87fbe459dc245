import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import { TIMER_VIEWS_SQL, type TimerViewRow, toTimerViews } from '../sla/timer-view.ts';
import type { QueueTicket, Ticket, TicketSource } from './tickets.schemas.ts';

export type TicketRow = {
  id: string;
  number: number;
  subject: string;
  requester_id: string;
  assignee_id: string | null;
  team_id: string | null;
  status_id: string;
  status_category: string;
  priority_id: string;
  tags: string[];
  source: TicketSource;
  version: number;
  created_at: Date;
  updated_at: Date;
  /** updated_at and created_at with their microseconds, for keyset cursors. */
  updated_at_text: string;
  created_at_text: string;
  first_response_at: Date | null;
  solved_at: Date | null;
  closed_at: Date | null;
  merged_into_id: string | null;
  custom_fields: Record<string, unknown>;
  form_id: string | null;
  sla_timers: TimerViewRow[] | null;
  sla_due_at: Date | null;
  sla_due_at_text: string;
};

const TICKET_COLUMNS = `t.id, t.number, t.subject, t.requester_id, t.assignee_id, t.team_id, t.status_id,
    t.status_category, t.priority_id, t.tags, t.source, t.version, t.created_at, t.updated_at,
    t.updated_at::text as updated_at_text, t.created_at::text as created_at_text, t.first_response_at, t.solved_at, t.closed_at, t.merged_into_id,
    t.custom_fields, t.form_id, ${TIMER_VIEWS_SQL} as sla_timers, nullif(t.sla_due_at, 'infinity') as sla_due_at,
    t.sla_due_at::text as sla_due_at_text`;

export const TICKET_SELECT = `select ${TICKET_COLUMNS}
  from tickets t`;

export type QueueTicketRow = TicketRow & { requester_name: string; requester_email: string };

/**
 * A queue's tickets with their requester joined in, so a list of fifty costs one query rather than
 * fifty contact look-ups. Every ticket has a requester (contacts with tickets cannot be deleted).
 */
export const QUEUE_TICKET_SELECT = `select ${TICKET_COLUMNS}, r.name as requester_name, r.email as requester_email
  from tickets t
  join contacts r on r.organization_id = t.organization_id and r.id = t.requester_id`;

export const toTicket = (row: TicketRow): Ticket => ({
  id: row.id,
  number: row.number,
  subject: row.subject,
  requesterId: row.requester_id,
  assigneeId: row.assignee_id,
  teamId: row.team_id,
  statusId: row.status_id,
  statusCategory: row.status_category,
  priorityId: row.priority_id,
  tags: row.tags,
  source: row.source,
  version: row.version,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  firstResponseAt: row.first_response_at?.toISOString() ?? null,
  solvedAt: row.solved_at?.toISOString() ?? null,
  closedAt: row.closed_at?.toISOString() ?? null,
  mergedIntoId: row.merged_into_id,
  customFields: row.custom_fields,
  formId: row.form_id,
  slaTimers: toTimerViews(row.sla_timers),
  slaDueAt: row.sla_due_at?.toISOString() ?? null,
});

export const toQueueTicket = (row: QueueTicketRow): QueueTicket => ({
  ...toTicket(row),
  requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
});

export async function getTicket(tx: Queryable, organizationId: string, ticketId: string): Promise<Ticket> {
  const [row] = await tx.query<TicketRow>(`${TICKET_SELECT} where t.organization_id = $1 and t.id = $2`, [
    organizationId,
    ticketId,
  ]);
  if (!row) throw notFound('Ticket');
  return toTicket(row);
}
