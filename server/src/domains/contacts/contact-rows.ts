import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Contact } from './contacts.schemas.ts';

export type ContactRow = {
  id: string;
  email: string;
  name: string;
  phone: string;
  company: string;
  created_at: Date;
  updated_at: Date;
};

export const CONTACT_COLUMNS = 'id, email, name, phone, company, created_at, updated_at';

export const toContact = (row: ContactRow): Contact => ({
  id: row.id,
  email: row.email,
  name: row.name,
  phone: row.phone,
  company: row.company,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function getContact(tx: Queryable, organizationId: string, contactId: string): Promise<Contact> {
  const [row] = await tx.query<ContactRow>(
    `select ${CONTACT_COLUMNS} from contacts where organization_id = $1 and id = $2`,
    [organizationId, contactId],
  );
  if (!row) throw notFound('Contact');
  return toContact(row);
}

export function rethrowDuplicateEmail(error: unknown): never {
  if (isUniqueViolation(error, 'contacts_email_key')) {
    throw new AppError('conflict', 'A contact with this email exists', { field: 'email' });
  }
  throw error;
}

/** The contact with this email (case aside), created with the name given when there is none yet. */
export async function findOrCreateContact(
  tx: Queryable,
  organizationId: string,
  person: { email: string; name?: string },
): Promise<string> {
  const [row] = await tx.query<{ id: string }>(
    `insert into contacts (organization_id, id, email, name) values ($1, $2, $3, $4)
     on conflict (organization_id, lower(email)) do update set updated_at = contacts.updated_at
     returning id`,
    [organizationId, newId(), person.email.trim(), person.name?.trim() ?? ''],
  );
  if (!row) throw new AppError('internal', 'Could not find or create the contact');
  return row.id;
}
