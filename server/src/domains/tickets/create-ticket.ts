import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { auditInsert } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { AutomationJobs } from '../automations/automation-queue.ts';
import { findOrCreateContact } from '../contacts/contact-rows.ts';
import type { StoredValue } from '../custom-fields/field-values.ts';
import { validateCustomFields } from '../custom-fields/validate-custom-fields.ts';
import { commentBody } from './comment-body.ts';
import { insertComment } from './insert-comment.ts';
import { addCcs, checkCcEmails } from './ticket-ccs.ts';
import { assertReferences } from './ticket-references.ts';
import { getTicket } from './ticket-rows.ts';
import type { CreateTicketInputBody, Ticket, TicketSource } from './tickets.schemas.ts';
import { ticketsChanged } from './tickets-changed.ts';

/** What a ticket is opened with; customers opening their own come from the portal (and email). */
export type NewTicket = Omit<CreateTicketInputBody, 'source'> & { source?: TicketSource; formId?: string };

/**
 * Checks the custom field values in the creating transaction instead of the agents' rule (every
 * required field): a portal intake form accepts its own fields and requires its own.
 */
export type CustomFieldsRule = (
  tx: Queryable,
  values: Record<string, unknown>,
) => Promise<Record<string, StoredValue>>;

/** Who opens a ticket: an agent on a customer's behalf, or the customer themselves. */
export type TicketOpener = { type: 'agent' | 'contact'; id: string };

/** Opens a ticket for a contact named by id, or found or created by email, with an optional first comment. */
export function createTicket(
  db: Database,
  input: TicketCreation & {
    /** More work that must commit with the ticket or not at all (an email marked as processed). */
    alsoInTransaction?: (tx: Queryable, ticketId: string) => Promise<void>;
  },
): Promise<Ticket> {
  assertRequester(input.ticket);
  return createWithNumber(db, input.organizationId, async (tx, number) => {
    const { id } = await insertTicket(tx, { ...input, number });
    await input.alsoInTransaction?.(tx, id);
    return getTicket(tx, input.organizationId, id);
  });
}

export type TicketCreation = {
  organizationId: string;
  openedBy: TicketOpener;
  ticket: NewTicket;
  /** Where the new ticket's automation run is queued. */
  jobs: AutomationJobs;
  customFieldsRule?: CustomFieldsRule;
};

/**
 * Writes a new ticket, with its CCs, audit event and first comment, in the caller's transaction and
 * under a number the caller took (`takeTicketNumber`, `reserveTicketNumbers`). Answers its id and its
 * first comment's.
 */
export async function insertTicket(
  tx: Queryable,
  input: TicketCreation & { number: number },
): Promise<{ id: string; openingCommentId: string | null }> {
  const { organizationId, openedBy, ticket, number } = input;
  assertRequester(ticket);
  const body = ticket.comment ? commentBody(ticket.comment) : null;
  // Sent together: the two reads go out in one write.
  const [, { statusId, priorityId, category }] = await Promise.all([
    assertReferences(tx, organizationId, ticket),
    statusAndPriority(tx, organizationId, ticket),
  ]);
  // Required fields bind agents; a customer's request (portal, email) has its own intake rules.
  const customFields = input.customFieldsRule
    ? await input.customFieldsRule(tx, ticket.customFields ?? {})
    : openedBy.type === 'agent' || ticket.customFields
      ? await validateCustomFields(tx, organizationId, ticket.customFields ?? {}, 'create')
      : {};
  const requesterId =
    ticket.requesterId ??
    (await findOrCreateContact(tx, organizationId, {
      email: ticket.requester?.email ?? '',
      name: ticket.requester?.name,
    }));
  // Checked before the ticket exists, so that its audit event, written by the same statement, names them.
  const ccEmails = ticket.ccEmails?.length
    ? await checkCcEmails(tx, { organizationId, requesterId, emails: ticket.ccEmails, field: 'ccEmails' })
    : [];
  const id = newId();
  const event = auditInsert(
    {
      organizationId,
      actorType: openedBy.type,
      actorId: openedBy.id,
      action: 'ticket.created',
      entityType: 'ticket',
      entityId: id,
      changes: createdChanges(ticket, { requesterId, statusId, priorityId, customFields, ccEmails }),
    },
    15,
  );
  await tx.query(
    `with ticket as (
       insert into tickets (organization_id, id, number, subject, requester_id, assignee_id, team_id, status_id,
                            priority_id, tags, source, custom_fields, solved_at, closed_at, form_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $13::jsonb,
               case when $12 in ('solved', 'closed') then now() end, case when $12 = 'closed' then now() end, $14)),
     event as (${event.sql})
     select 1`,
    [
      organizationId,
      id,
      number,
      ticket.subject.trim(),
      requesterId,
      ticket.assigneeId ?? null,
      ticket.teamId ?? null,
      statusId,
      priorityId,
      ticket.tags ?? [],
      ticket.source ?? 'agent',
      category,
      JSON.stringify(customFields),
      ticket.formId ?? null,
      ...event.params,
    ],
  );
  // Every address checked is new on a new ticket: all of them are copied.
  if (ccEmails.length > 0) {
    await addCcs(tx, { organizationId, ticketId: id, people: ccEmails.map((email) => ({ email })) });
  }
  const comment =
    body && ticket.comment
      ? await insertComment(tx, {
          organizationId,
          ticketId: id,
          authorType: openedBy.type,
          authorId: openedBy.id,
          visibility: ticket.comment.visibility,
          body,
          opensTicket: true,
          attachmentIds: ticket.comment.attachmentIds,
        })
      : null;
  await ticketsChanged(tx, input.jobs, { organizationId, ticketIds: [id] });
  return { id, openingCommentId: comment?.id ?? null };
}

/** What a new ticket's `ticket.created` event records: the ticket as it was opened. */
function createdChanges(
  ticket: NewTicket,
  opened: {
    requesterId: string;
    statusId: string;
    priorityId: string;
    customFields: Record<string, unknown>;
    ccEmails: readonly string[];
  },
): Record<string, unknown> {
  return {
    subject: ticket.subject.trim(),
    requesterId: opened.requesterId,
    statusId: opened.statusId,
    priorityId: opened.priorityId,
    assigneeId: ticket.assigneeId ?? null,
    teamId: ticket.teamId ?? null,
    tags: ticket.tags ?? [],
    customFields: opened.customFields,
    ...(ticket.formId ? { formId: ticket.formId } : {}),
    ...(opened.ccEmails.length > 0 ? { ccEmails: opened.ccEmails } : {}),
  };
}

function assertRequester(ticket: NewTicket): void {
  if (Boolean(ticket.requesterId) === Boolean(ticket.requester)) {
    throw new AppError('validation_failed', 'Name the requester by requesterId or by requester.email', {
      field: 'requesterId',
    });
  }
}

/**
 * Numbers count per organization from 1. The number is taken in a transaction of its own, so the
 * counter row is locked for a moment rather than for the whole creation: concurrent creations in
 * one organization do not queue behind each other. A creation that then fails leaves a gap, which
 * the numbering tolerates.
 */
async function createWithNumber<T>(
  db: Database,
  organizationId: string,
  create: (tx: Queryable, number: number) => Promise<T>,
): Promise<T> {
  const number = await withTenant(db, organizationId, (tx) => takeTicketNumber(tx, organizationId));
  return withTenant(db, organizationId, (tx) => create(tx, number));
}

/** The organization's next ticket number; the counter row stays locked until the transaction ends. */
export async function takeTicketNumber(tx: Queryable, organizationId: string): Promise<number> {
  const [first] = await reserveTicketNumbers(tx, organizationId, 1);
  return first ?? 1;
}

/**
 * The organization's next `count` ticket numbers, in order, for a caller that will create tickets in
 * a transaction of its own (the email pipeline, a batch at a time); those it does not use are gaps.
 */
export async function reserveTicketNumbers(
  tx: Queryable,
  organizationId: string,
  count: number,
): Promise<number[]> {
  if (count === 0) return [];
  const [row] = await tx.query<{ last_number: number }>(
    `insert into ticket_counters (organization_id, last_number) values ($1, $2)
     on conflict (organization_id) do update set last_number = ticket_counters.last_number + $2
     returning last_number`,
    [organizationId, count],
  );
  const last = row?.last_number ?? count;
  return Array.from({ length: count }, (_, index) => last - count + 1 + index);
}

/**
 * The ticket's status (the one given, or the organization's default for new tickets) with its
 * category, and its priority (given or default), in one statement.
 */
async function statusAndPriority(
  tx: Queryable,
  organizationId: string,
  ticket: { statusId?: string | null; priorityId?: string | null },
): Promise<{ statusId: string; priorityId: string; category: string }> {
  const [row] = await tx.query<{
    status_id: string | null;
    category: string | null;
    priority_id: string | null;
  }>(
    `with status as (
       select coalesce($2::uuid, (select id from ticket_statuses where organization_id = $1
                                   order by is_default_for_new desc, position limit 1)) as id)
     select status.id as status_id,
            (select category from ticket_statuses s where s.organization_id = $1 and s.id = status.id) as category,
            coalesce($3::uuid, (select id from ticket_priorities where organization_id = $1
                                 order by is_default desc, position limit 1)) as priority_id
       from status`,
    [organizationId, ticket.statusId ?? null, ticket.priorityId ?? null],
  );
  if (!row?.status_id) throw new AppError('unprocessable', 'The organization has no statuses');
  if (!row.priority_id) throw new AppError('unprocessable', 'The organization has no priorities');
  return { statusId: row.status_id, priorityId: row.priority_id, category: row.category ?? 'open' };
}
