import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { Organization } from './organizations.schemas.ts';

type OrganizationRow = {
  id: string;
  slug: string;
  name: string;
  time_zone: string;
  default_language: string;
  reopen_on_customer_reply: boolean;
  attachment_max_bytes: number | null;
  attachment_quota_bytes: number | null;
  created_at: Date;
  support_addresses: string[];
  brand_color: string;
  logo_key: string | null;
  portal_host: string | null;
};

/**
 * The public address of an organization's logo. Each upload is stored under a new name, which is
 * part of the address, so a browser's cached copy of an old logo is never shown for the new one.
 */
export const logoUrlOf = (slug: string, logoKey: string | null): string | null =>
  logoKey ? `/api/v1/portal/organizations/${slug}/logo?v=${logoKey.split('/').at(-1)}` : null;

export async function getOrganization(tx: Queryable, organizationId: string): Promise<Organization> {
  const [row] = await tx.query<OrganizationRow>(
    `select o.id, o.slug, o.name, o.time_zone, o.default_language, o.reopen_on_customer_reply, o.created_at,
            o.brand_color, o.logo_key, o.portal_host,
            o.attachment_max_bytes::float8 as attachment_max_bytes,
            o.attachment_quota_bytes::float8 as attachment_quota_bytes,
            coalesce(array(select address from support_addresses s
                            where s.organization_id = o.id order by s.address), '{}') as support_addresses
       from organizations o where o.id = $1`,
    [organizationId],
  );
  if (!row) throw notFound('Organization');
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    timeZone: row.time_zone,
    defaultLanguage: row.default_language,
    supportAddresses: row.support_addresses,
    reopenOnCustomerReply: row.reopen_on_customer_reply,
    attachmentMaxBytes: row.attachment_max_bytes,
    attachmentQuotaBytes: row.attachment_quota_bytes,
    brandColor: row.brand_color,
    portalHost: row.portal_host,
    logoUrl: logoUrlOf(row.slug, row.logo_key),
    createdAt: row.created_at.toISOString(),
  };
}
