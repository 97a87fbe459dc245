import type { Static } from 'typebox';
import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { getOrganization } from '../organizations/get-organization.ts';
import { getAgent } from '../people/get-agent.ts';
import type { SignedInSchema } from './auth.schemas.ts';
import type { NewSession } from './sessions.ts';

export type SignedIn = Static<typeof SignedInSchema>;

/** The body of every response that starts a session: sign-up, sign-in, accepting an invitation. */
export function describeSignIn(
  db: Database,
  session: NewSession & { organizationId: string; agentId: string },
): Promise<SignedIn> {
  return withTenant(db, session.organizationId, async (tx) => ({
    agent: await getAgent(tx, session.organizationId, session.agentId),
    organization: await getOrganization(tx, session.organizationId),
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  }));
}
