import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../auth/actor.ts';
import { CONTACT_COLUMNS, type ContactRow, rethrowDuplicateEmail, toContact } from './contact-rows.ts';
import type { Contact } from './contacts.schemas.ts';

export type CreateContactInput = {
  actor: Actor;
  email: string;
  name?: string;
  phone?: string;
  company?: string;
};

export function createContact(db: Database, input: CreateContactInput): Promise<Contact> {
  const { organizationId, agentId } = input.actor;
  return withTenant(db, organizationId, async (tx) => {
    const rows = await tx
      .query<ContactRow>(
        `insert into contacts (organization_id, id, email, name, phone, company)
         values ($1, $2, $3, $4, $5, $6) returning ${CONTACT_COLUMNS}`,
        [
          organizationId,
          newId(),
          input.email.trim(),
          input.name?.trim() ?? '',
          input.phone?.trim() ?? '',
          input.company?.trim() ?? '',
        ],
      )
      .catch(rethrowDuplicateEmail);
    const contact = toContact(rows[0] as ContactRow);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: agentId,
      action: 'contact.created',
      entityType: 'contact',
      entityId: contact.id,
      changes: { email: contact.email },
    });
    return contact;
  });
}
