import type { Queryable } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';
import type { OutboundQueue, SendJob } from './enqueue-email.ts';

/**
 * An automation's email to agents, its subject and body templates filled in for each when sent
 * (kind `automatic`, `Auto-Submitted: auto-generated`). Inactive agents are left out; answers the
 * addresses it was queued for.
 */
export async function notifyAgentsOfAutomation(
  tx: Queryable,
  outbound: OutboundQueue,
  input: {
    organizationId: string;
    ticketId: string;
    agentIds: readonly string[];
    template: { subject: string; body: string };
  },
): Promise<string[]> {
  const { organizationId, ticketId, template } = input;
  if (input.agentIds.length === 0) return [];
  const agents = await tx.query<{ id: string; email: string }>(
    'select id, email from agents where organization_id = $1 and id = any($2::uuid[]) and is_active order by id',
    [organizationId, input.agentIds],
  );
  for (const agent of agents) {
    const deliveryId = newId();
    await tx.query(
      `insert into email_deliveries
         (organization_id, id, ticket_id, kind, agent_id, recipients, subject_template, body_template)
       values ($1, $2, $3, 'automatic', $4, $5, $6, $7)`,
      [organizationId, deliveryId, ticketId, agent.id, [agent.email], template.subject, template.body],
    );
    const job: SendJob = { organizationId, deliveryId };
    await outbound.jobs.send(tx, SEND_TICKET_EMAIL.name, job, {
      retryDelaySeconds: outbound.retryDelaySeconds,
    });
  }
  return agents.map((agent) => agent.email);
}
