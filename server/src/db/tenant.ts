import type { Database, Queryable } from './client.ts';

/** The role every tenant transaction runs as: it cannot bypass row-level security. */
export const APP_ROLE = 'actionconnect_app';

/**
 * Runs `work` in one transaction scoped to an organization: row-level security sees only that
 * organization's rows, as a second wall behind each query's own `organization_id` filter.
 */
export function withTenant<T>(
  db: Database,
  organizationId: string,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  return db.transaction(work, {
    'app.organization_id': organizationId,
    role: APP_ROLE,
    'app.now': db.clock().toISOString(),
  });
}

/**
 * A transaction that is not scoped to one organization. Only for the few steps that happen before
 * the organization is known: sign-up, finding a login's organization, accepting an invitation.
 */
export function withoutTenant<T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(work);
}
