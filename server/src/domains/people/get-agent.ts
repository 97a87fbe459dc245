import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import { AGENT_COLUMNS, type Agent, type AgentRow, toAgent } from './people.schemas.ts';

export async function getAgent(tx: Queryable, organizationId: string, agentId: string): Promise<Agent> {
  const [row] = await tx.query<AgentRow>(
    `select ${AGENT_COLUMNS} from agents where organization_id = $1 and id = $2`,
    [organizationId, agentId],
  );
  if (!row) throw notFound('Agent');
  return toAgent(row);
}
