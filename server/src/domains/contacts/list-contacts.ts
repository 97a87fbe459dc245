import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import { containsPattern } from '../../lib/search-pattern.ts';
import { CONTACT_COLUMNS, type ContactRow, toContact } from './contact-rows.ts';
import type { Contact } from './contacts.schemas.ts';

export type ListContactsInput = PageRequest & { organizationId: string; q?: string };

export function listContacts(db: Database, input: ListContactsInput): Promise<PageOf<Contact>> {
  const limit = pageLimit(input);
  return withTenant(db, input.organizationId, async (tx) => {
    const rows = await tx.query<ContactRow>(
      `select ${CONTACT_COLUMNS} from contacts
        where organization_id = $1
          and ($2::uuid is null or id > $2)
          and ($3::text is null or email ilike $3 or name ilike $3 or company ilike $3)
        order by id limit $4`,
      [input.organizationId, decodeCursor(input.cursor), containsPattern(input.q), limit + 1],
    );
    return toPage(rows, limit, toContact);
  });
}
