import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { getContact } from '../contacts/contact-rows.ts';
import type { PortalMe } from './portal.schemas.ts';

/** Who a portal session belongs to, as every sign-in answers and `GET /portal/me` shows. */
export async function describeContact(
  db: Database,
  organizationId: string,
  contactId: string,
): Promise<PortalMe> {
  return withTenant(db, organizationId, async (tx) => {
    const contact = await getContact(tx, organizationId, contactId);
    const [organization] = await tx.query<{ name: string }>('select name from organizations where id = $1', [
      organizationId,
    ]);
    return {
      contact: { id: contact.id, email: contact.email, name: contact.name },
      organization: { id: organizationId, name: organization?.name ?? '' },
    };
  });
}
