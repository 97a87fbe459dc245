import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import type { PortalContact } from './portal.schemas.ts';

/**
 * Who a portal session belongs to, as every sign-in answers and `GET /portal/me` shows. The slug lets
 * the portal's pages tell whether the session belongs to the portal they show; `hasPassword` whether
 * changing the password needs the current one.
 */
export async function describeContact(
  db: Database,
  organizationId: string,
  contactId: string,
): Promise<PortalContact> {
  return withTenant(db, organizationId, async (tx) => {
    const [row] = await tx.query<{
      email: string;
      name: string;
      has_password: boolean;
      organization_name: string;
      slug: string;
    }>(
      `select c.email, c.name, c.password_hash is not null as has_password,
              o.name as organization_name, o.slug
         from contacts c join organizations o on o.id = c.organization_id
        where c.organization_id = $1 and c.id = $2`,
      [organizationId, contactId],
    );
    if (!row) throw notFound('Contact');
    return {
      contact: { id: contactId, email: row.email, name: row.name, hasPassword: row.has_password },
      organization: { id: organizationId, name: row.organization_name, slug: row.slug },
    };
  });
}
