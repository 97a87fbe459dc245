import { AppError } from '../../lib/errors.ts';

export type AgentRole = 'owner' | 'admin' | 'agent';

/** Who is making a request, always taken from the session or token, never from the body. */
export type Actor = {
  organizationId: string;
  agentId: string;
  role: AgentRole;
  authMethod: 'session' | 'api_token' | 'cli';
  sessionId: string | null;
};

/**
 * A rule changing a ticket on its own. Its changes are recorded under the rule, with their depth in
 * a chain of automation-caused changes (the loop guard reads it).
 */
export type AutomationActor = { organizationId: string; ruleId: string; depth: number };

const ROLE_RANK: Record<AgentRole, number> = { agent: 1, admin: 2, owner: 3 };

export const hasRole = (actor: Actor, role: AgentRole): boolean => ROLE_RANK[actor.role] >= ROLE_RANK[role];

/** Admins (and owners) configure the organization; agents work tickets. */
export function requireAdmin(actor: Actor): void {
  if (!hasRole(actor, 'admin')) throw new AppError('forbidden', 'Only admins can do this');
}
