import type { Database } from '../../db/client.ts';
import { withoutTenant } from '../../db/tenant.ts';

/**
 * The organization a public portal address names (`/portal/<slug>`). This read alone crosses
 * tenants, as sign-in's lookup does; everything after it runs inside that organization's scope.
 */
export async function findOrganizationIdBySlug(db: Database, slug: string): Promise<string | null> {
  const [row] = await withoutTenant(db, (tx) =>
    tx.query<{ id: string }>('select id from organizations where slug = $1', [slug.toLowerCase()]),
  );
  return row?.id ?? null;
}

/** The slug of the organization whose own host name this is (its portal opens at that host's `/`). */
export async function portalSlugForHost(db: Database, hostname: string): Promise<string | null> {
  // Fastify's hostname keeps a port (`support.example.com:3000`); host names are stored without one.
  const host = hostname.replace(/:\d+$/, '').toLowerCase();
  const [row] = await withoutTenant(db, (tx) =>
    tx.query<{ slug: string }>('select slug from organizations where portal_host = $1', [host]),
  );
  return row?.slug ?? null;
}
