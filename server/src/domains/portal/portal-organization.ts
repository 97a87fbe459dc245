import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { notFound } from '../../lib/errors.ts';
import { logoUrlOf } from '../organizations/get-organization.ts';
import { findOrganizationIdBySlug } from './organization-by-slug.ts';
import type { PortalOrganization } from './portal.schemas.ts';

/**
 * What the portal's pages show before anyone signs in: the organization's name and branding and the
 * forms it offers. Nothing else about the organization is public.
 */
export async function getPortalOrganization(db: Database, slug: string): Promise<PortalOrganization> {
  const organizationId = await findOrganizationIdBySlug(db, slug);
  if (!organizationId) throw notFound('Organization');
  return withTenant(db, organizationId, async (tx) => {
    const [organization] = await tx.query<{
      name: string;
      slug: string;
      brand_color: string;
      logo_key: string | null;
    }>('select name, slug, brand_color, logo_key from organizations where id = $1', [organizationId]);
    if (!organization) throw notFound('Organization');
    const forms = await tx.query<{ id: string; name: string; description: string }>(
      `select id, name, description from intake_forms where organization_id = $1 and is_active
        order by position, id`,
      [organizationId],
    );
    return {
      name: organization.name,
      slug: organization.slug,
      brandColor: organization.brand_color,
      logoUrl: logoUrlOf(organization.slug, organization.logo_key),
      forms,
    };
  });
}

/** The stored logo of the organization a portal address names; not found when it has none. */
export async function findPortalLogo(
  db: Database,
  slug: string,
): Promise<{ storageKey: string; contentType: string }> {
  const organizationId = await findOrganizationIdBySlug(db, slug);
  if (!organizationId) throw notFound('Logo');
  const [row] = await withTenant(db, organizationId, (tx) =>
    tx.query<{ logo_key: string | null; logo_content_type: string | null }>(
      'select logo_key, logo_content_type from organizations where id = $1',
      [organizationId],
    ),
  );
  if (!row?.logo_key || !row.logo_content_type) throw notFound('Logo');
  return { storageKey: row.logo_key, contentType: row.logo_content_type };
}
