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
