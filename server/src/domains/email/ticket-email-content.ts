import type { Queryable } from '../../db/client.ts';
import type { PlaceholderValues } from '../canned-responses/canned-template.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { type NotificationValues, renderAutomationEmail, renderEmailTemplate } from './email-templates.ts';
import type { OutgoingEmail, QuotedComment } from './outbound-message.ts';

export type DeliveryRow = {
  id: string;
  kind: 'reply' | 'acknowledgement' | 'notification' | 'automatic';
  notification: 'assigned' | 'mentioned' | 'customer_replied' | 'sla_at_risk' | null;
  agent_id: string | null;
  actor_agent_id: string | null;
  state: 'queued' | 'sent' | 'failed';
  ticket_id: string;
  comment_id: string | null;
  message_id: string | null;
  /** The requester first (To), then the ticket's CCs as they were when the reply was queued (Cc). */
  recipients: string[];
  /** An automation's email (kind automatic, to a contact or an agent): its subject and body templates. */
  subject_template: string | null;
  body_template: string | null;
};

type TicketRow = {
  id: string;
  number: number;
  subject: string;
  status_name: string;
  priority_name: string;
  created_at: Date;
  requester_name: string;
  requester_email: string;
  organization_name: string;
};

// How much of the conversation a reply quotes below itself.
const QUOTED_COMMENTS = 3;

type Content = Omit<OutgoingEmail, 'from' | 'token' | 'messageId'> & { organizationName: string };

/**
 * Everything of the message but its sender and Message-ID: recipients, thread, subject, body, history.
 * `publicUrl` is the web app's address, for the ticket link in agents' notifications.
 */
export async function ticketEmailContent(
  tx: Queryable,
  organizationId: string,
  delivery: DeliveryRow,
  publicUrl: string,
): Promise<Content> {
  const [ticket] = await tx.query<TicketRow>(
    `select t.id, t.number, t.subject, t.created_at, c.name as requester_name, c.email as requester_email,
            o.name as organization_name, s.name as status_name, coalesce(p.name, '') as priority_name
       from tickets t
       join contacts c on c.organization_id = t.organization_id and c.id = t.requester_id
       join organizations o on o.id = t.organization_id
       join ticket_statuses s on s.organization_id = t.organization_id and s.id = t.status_id
       left join ticket_priorities p on p.organization_id = t.organization_id and p.id = t.priority_id
      where t.organization_id = $1 and t.id = $2`,
    [organizationId, delivery.ticket_id],
  );
  if (!ticket) throw new Error(`delivery ${delivery.id}: its ticket is gone`);
  const common = {
    organizationName: ticket.organization_name,
    to: delivery.recipients.slice(0, 1),
    cc: delivery.recipients.slice(1),
    ticket: {
      id: delivery.ticket_id,
      number: ticket.number,
      subject: ticket.subject,
      createdAt: ticket.created_at,
    },
    // Mail to agents stays out of the customer's thread.
    threadIds: delivery.agent_id ? [] : await threadIds(tx, organizationId, delivery),
  };
  if (delivery.agent_id) {
    const values = await notificationValues(tx, organizationId, delivery, ticket, publicUrl);
    const rendered =
      delivery.kind === 'automatic'
        ? renderAutomationEmail('agent', automationTemplate(delivery), values)
        : await renderEmailTemplate(tx, organizationId, delivery.notification ?? 'assigned', values);
    return {
      ...common,
      subject: rendered.subject,
      body: commentBody({ body: rendered.body }),
      history: [],
      automatic: 'auto-generated',
    };
  }
  if (delivery.kind === 'acknowledgement' || delivery.kind === 'automatic') {
    const rendered =
      delivery.kind === 'automatic'
        ? renderAutomationEmail('requester', automationTemplate(delivery), valuesOf(ticket))
        : await renderEmailTemplate(tx, organizationId, 'acknowledgement', valuesOf(ticket));
    return {
      ...common,
      subject: rendered.subject,
      body: commentBody({ body: rendered.body }),
      history: [],
      automatic: 'auto-replied',
    };
  }
  const [reply, ...history] = await publicComments(tx, organizationId, delivery);
  // Only a public comment is ever emailed: anything else here is a bug, and sends nothing.
  if (reply?.id !== delivery.comment_id)
    throw new Error(`delivery ${delivery.id}: no public comment to send`);
  return { ...common, subject: null, body: reply, history, automatic: null };
}

const automationTemplate = (delivery: DeliveryRow) => ({
  subject: delivery.subject_template ?? '',
  body: delivery.body_template ?? '',
});

/** The customer thread's Message-IDs, oldest first, this message's own and agents' notifications left out. */
async function threadIds(tx: Queryable, organizationId: string, delivery: DeliveryRow): Promise<string[]> {
  const rows = await tx.query<{ message_id: string }>(
    `select message_id from email_message_ids
      where organization_id = $1 and ticket_id = $2 and message_id is distinct from $3
        and direction <> 'notification'
      order by created_at, message_id`,
    [organizationId, delivery.ticket_id, delivery.message_id],
  );
  return rows.map((row) => row.message_id);
}

/** The reply itself, then the public comments before it, newest first. Internal notes never. */
async function publicComments(
  tx: Queryable,
  organizationId: string,
  delivery: DeliveryRow,
): Promise<(QuotedComment & { id: string })[]> {
  const rows = await tx.query<{
    id: string;
    author_name: string;
    created_at: Date;
    body_text: string;
    body_html: string;
  }>(
    `select c.id, coalesce(a.name, ct.name, ct.email, '') as author_name, c.created_at, c.body_text, c.body_html
       from ticket_comments c
       join ticket_comments mine on mine.organization_id = c.organization_id and mine.id = $3
       left join agents a on c.author_type = 'agent' and a.organization_id = c.organization_id and a.id = c.author_id
       left join contacts ct on c.author_type = 'contact' and ct.organization_id = c.organization_id and ct.id = c.author_id
      where c.organization_id = $1 and c.ticket_id = $2 and c.visibility = 'public'
        and (c.id = mine.id or c.created_at < mine.created_at)
      order by (c.id = mine.id) desc, c.created_at desc
      limit $4`,
    [organizationId, delivery.ticket_id, delivery.comment_id, QUOTED_COMMENTS + 1],
  );
  return rows.map((row) => ({
    id: row.id,
    authorName: row.author_name,
    createdAt: row.created_at,
    text: row.body_text,
    html: row.body_html,
  }));
}

const firstName = (name: string, email: string) => name.trim().split(/\s+/)[0] || email.split('@')[0] || '';

const valuesOf = (ticket: TicketRow): PlaceholderValues => ({
  'ticket.number': String(ticket.number),
  'ticket.subject': ticket.subject,
  'ticket.status': ticket.status_name,
  'ticket.priority': ticket.priority_name,
  'requester.name': ticket.requester_name,
  'requester.first_name': firstName(ticket.requester_name, ticket.requester_email),
  'requester.email': ticket.requester_email,
  'agent.name': '',
  'agent.first_name': '',
  'agent.email': '',
  'organization.name': ticket.organization_name,
});

/**
 * A notification's names: `agent.*` is the agent it goes to, `actor.name` who caused it (the customer
 * when they replied), `comment.text` the note or reply it is about.
 */
async function notificationValues(
  tx: Queryable,
  organizationId: string,
  delivery: DeliveryRow,
  ticket: TicketRow,
  publicUrl: string,
): Promise<NotificationValues> {
  const [row] = await tx.query<{
    agent_name: string;
    agent_email: string;
    actor_name: string | null;
    comment_text: string | null;
  }>(
    `select a.name as agent_name, a.email as agent_email, actor.name as actor_name, c.body_text as comment_text
       from agents a
       left join agents actor on actor.organization_id = a.organization_id and actor.id = $3
       left join ticket_comments c on c.organization_id = a.organization_id and c.id = $4
      where a.organization_id = $1 and a.id = $2`,
    [organizationId, delivery.agent_id, delivery.actor_agent_id, delivery.comment_id],
  );
  if (!row) throw new Error(`delivery ${delivery.id}: its agent is gone`);
  return {
    ...valuesOf(ticket),
    'agent.name': row.agent_name,
    'agent.first_name': firstName(row.agent_name, row.agent_email),
    'agent.email': row.agent_email,
    'actor.name':
      row.actor_name ?? (delivery.notification === 'customer_replied' ? ticket.requester_name : 'Someone'),
    'comment.text': row.comment_text ?? '',
    'ticket.url': `${publicUrl}/tickets/${ticket.id}`,
  };
}
