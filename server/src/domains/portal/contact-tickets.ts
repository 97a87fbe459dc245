import type { Database, Queryable } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit } from '../../lib/pagination.ts';
import type { ContactActor } from '../auth/contact-sessions.ts';
import { type CustomerFieldRow, toCustomerFields } from './customer-fields.ts';
import type { ContactTicket } from './portal.schemas.ts';

type ContactTicketRow = {
  id: string;
  number: number;
  subject: string;
  status_name: string;
  status_category: string;
  created_at: Date;
  last_activity_at: Date;
  comment_count: number;
  fields: CustomerFieldRow[];
};

// Every figure is computed from public comments, so internal notes change nothing a customer sees;
// custom field values come only for definitions visible to customers, filtered here in SQL.
const CONTACT_TICKET_SELECT = `
  select t.id, t.number, t.subject, s.name as status_name, s.category as status_category, t.created_at,
         greatest(t.created_at, p.last_public_at) as last_activity_at, p.public_count::int as comment_count,
         coalesce((select jsonb_agg(jsonb_build_object('key', d.key, 'label', d.label, 'type', d.type,
                                                       'options', d.options, 'value', t.custom_fields -> d.key)
                                    order by d.position, d.id)
                     from ticket_field_definitions d
                    where d.organization_id = t.organization_id and d.visible_to_customers
                      and t.custom_fields ? d.key), '[]') as fields
    from tickets t
    join ticket_statuses s on s.organization_id = t.organization_id and s.id = t.status_id
    cross join lateral (
      select max(c.created_at) as last_public_at, count(*) as public_count
        from ticket_comments c
       where c.organization_id = t.organization_id and c.ticket_id = t.id and c.visibility = 'public'
    ) p`;

const toContactTicket = (row: ContactTicketRow): ContactTicket => ({
  id: row.id,
  number: row.number,
  subject: row.subject,
  status: { name: row.status_name, category: row.status_category },
  createdAt: row.created_at.toISOString(),
  lastActivityAt: row.last_activity_at.toISOString(),
  commentCount: row.comment_count,
  fields: toCustomerFields(row.fields),
});

/** The customer's own requests, newest first. */
export function listContactTickets(
  db: Database,
  input: { contact: ContactActor; page: PageRequest },
): Promise<PageOf<ContactTicket>> {
  const { organizationId, contactId } = input.contact;
  const limit = pageLimit(input.page);
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx.query<ContactTicketRow>(
      `${CONTACT_TICKET_SELECT}
        where t.organization_id = $1 and t.requester_id = $2 and ($3::uuid is null or t.id < $3)
        order by t.id desc
        limit $4`,
      [organizationId, contactId, decodeCursor(input.page.cursor), limit + 1],
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toContactTicket),
      nextCursor: rows.length > limit && last ? Buffer.from(last.id).toString('base64url') : null,
    };
  });
}

/** One of the customer's requests; someone else's ticket does not exist for them (404). */
export async function getContactTicket(
  tx: Queryable,
  contact: ContactActor,
  ticketId: string,
): Promise<ContactTicket> {
  const [row] = await tx.query<ContactTicketRow>(
    `${CONTACT_TICKET_SELECT} where t.organization_id = $1 and t.id = $2 and t.requester_id = $3`,
    [contact.organizationId, ticketId, contact.contactId],
  );
  if (!row) throw notFound('Ticket');
  return toContactTicket(row);
}
