import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { commentBody } from '../tickets/comment-body.ts';
import { findVisibleResponse } from './canned-response-rows.ts';
import type { RenderedResponse } from './canned-responses.schemas.ts';
import { type PlaceholderValues, parseTemplate, renderTemplate } from './canned-template.ts';

type TicketContextRow = {
  number: number;
  subject: string;
  status_name: string | null;
  priority_name: string | null;
  requester_name: string | null;
  requester_email: string | null;
  organization_name: string | null;
};

/** The first word of a name, or the email's local part when there is no name. */
function firstName(name: string, email: string): string {
  return name.trim().split(/\s+/)[0] || email.split('@')[0] || '';
}

/** A response filled in for one ticket, with the acting agent as `agent`, ready to post as a reply. */
export function renderCannedResponse(
  db: Database,
  input: { actor: Actor; ticketId: string; responseId: string },
): Promise<RenderedResponse> {
  const { actor } = input;
  return withTenant(db, actor.organizationId, async (tx) => {
    const values = await placeholderValues(tx, actor, input.ticketId);
    const response = await findVisibleResponse(tx, actor, input.responseId);
    const text = renderTemplate(parseTemplate(response.body), values);
    // The same text-to-HTML as a plain-text comment, so the preview is what the reply will look like.
    if (!text.trim()) return { body: '', html: '' };
    const { text: body, html } = commentBody({ body: text });
    return { body, html };
  });
}

/** The canned-response placeholders for a ticket, with the actor as `agent`. */
export async function placeholderValues(
  tx: Queryable,
  actor: Actor,
  ticketId: string,
): Promise<PlaceholderValues> {
  const [ticket] = await tx.query<TicketContextRow>(
    `select t.number, t.subject, s.name as status_name, p.name as priority_name,
            c.name as requester_name, c.email as requester_email, o.name as organization_name
       from tickets t
       left join ticket_statuses s on s.organization_id = t.organization_id and s.id = t.status_id
       left join ticket_priorities p on p.organization_id = t.organization_id and p.id = t.priority_id
       left join contacts c on c.organization_id = t.organization_id and c.id = t.requester_id
       left join organizations o on o.id = t.organization_id
      where t.organization_id = $1 and t.id = $2`,
    [actor.organizationId, ticketId],
  );
  if (!ticket) throw notFound('Ticket');
  const [agent] = await tx.query<{ name: string; email: string }>(
    'select name, email from agents where organization_id = $1 and id = $2',
    [actor.organizationId, actor.agentId],
  );
  const requesterName = ticket.requester_name ?? '';
  const requesterEmail = ticket.requester_email ?? '';
  return {
    'ticket.number': String(ticket.number),
    'ticket.subject': ticket.subject,
    'ticket.status': ticket.status_name ?? '',
    'ticket.priority': ticket.priority_name ?? '',
    'requester.name': requesterName,
    'requester.first_name': firstName(requesterName, requesterEmail),
    'requester.email': requesterEmail,
    'agent.name': agent?.name ?? '',
    'agent.first_name': agent ? firstName(agent.name, agent.email) : '',
    'agent.email': agent?.email ?? '',
    'organization.name': ticket.organization_name ?? '',
  };
}
