import type { Database } from '../../db/client.ts';
import { withoutTenant } from '../../db/tenant.ts';
import type { Actor } from '../auth/actor.ts';
import { createContact } from '../contacts/create-contact.ts';
import { acceptInvitation } from '../people/accept-invitation.ts';
import { inviteAgent } from '../people/invite-agent.ts';
import type { SlaJobs } from '../sla/recompute-sla.ts';
import { createTeam } from '../teams/create-team.ts';
import { seedDemoSla } from './seed-demo-sla.ts';
import { signUp } from './sign-up.ts';

export const DEMO_SLUG = 'demo';
export const DEMO_LOGINS = [
  { role: 'owner', email: 'owner@demo.actionconnect.test', password: 'demo-owner-password' },
  { role: 'agent', email: 'agent@demo.actionconnect.test', password: 'demo-agent-password' },
] as const;

const DEMO_CONTACTS = [
  {
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    company: 'Analytical Engines Ltd',
    phone: '+44 20 7946 0000',
  },
  { email: 'grace@example.com', name: 'Grace Hopper', company: 'Compiler Co', phone: '+1 202 555 0143' },
  { email: 'linus@example.com', name: 'Linus Pauling', company: '', phone: '' },
];

/**
 * Creates the demo organization once; later calls find it and change nothing. Its SLA policy queues
 * a recomputation like any other, so the job queue must be running.
 */
export async function seedDemo(
  deps: { db: Database; jobs: SlaJobs },
  publicUrl: string,
): Promise<{ created: boolean }> {
  const { db } = deps;
  const existing = await withoutTenant(db, (tx) =>
    tx.query('select 1 from organizations where slug = $1', [DEMO_SLUG]),
  );
  if (existing.length > 0) return { created: false };
  const [ownerLogin, agentLogin] = DEMO_LOGINS;
  const { organizationId, ownerId } = await signUp(db, {
    organizationName: 'Demo Support',
    slug: DEMO_SLUG,
    name: 'Olivia Owner',
    email: ownerLogin.email,
    password: ownerLogin.password,
    timeZone: 'Europe/London',
  });
  const owner: Actor = {
    organizationId,
    agentId: ownerId,
    role: 'owner',
    authMethod: 'cli',
    sessionId: null,
  };
  const invitation = await inviteAgent(db, {
    actor: owner,
    email: agentLogin.email,
    name: 'Alex Agent',
    role: 'agent',
    publicUrl,
  });
  const agent = await acceptInvitation(db, {
    token: invitation.token,
    password: agentLogin.password,
    ip: '',
    userAgent: 'seed-demo',
    ttlHours: 1,
  });
  await createTeam(db, {
    actor: owner,
    name: 'Customer Support',
    description: 'First line: every new request lands here',
    memberIds: [ownerId, agent.agentId],
  });
  for (const contact of DEMO_CONTACTS) await createContact(db, { actor: owner, ...contact });
  await seedDemoSla(deps, owner);
  return { created: true };
}
