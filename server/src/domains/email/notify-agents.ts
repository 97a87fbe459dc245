import type { Queryable } from '../../db/client.ts';
import { newId } from '../../lib/ids.ts';
import { SEND_TICKET_EMAIL } from './email-queues.ts';
import type { OutboundQueue, SendJob } from './enqueue-email.ts';

export type AgentNotification =
  | { type: 'assigned'; assigneeId: string | null }
  | { type: 'mentioned'; commentId: string; mentionedAgentIds: readonly string[] }
  | { type: 'customer_replied'; commentId: string };

/**
 * Emails the agents a ticket change concerns: the new assignee, the agents an internal note mentions,
 * the assignee of a ticket its customer answered. Never the agent who made the change, never an
 * inactive agent. Called in the change's own transaction, so the mail exists only if the change does.
 * Answers how many were queued (the caller wakes the sender when any were).
 */
export async function notifyAgents(
  tx: Queryable,
  outbound: OutboundQueue,
  input: {
    organizationId: string;
    ticketId: string;
    actorAgentId: string | null;
    notification: AgentNotification;
  },
): Promise<number> {
  const { organizationId, ticketId, actorAgentId, notification } = input;
  const agentIds = await recipientsOf(tx, organizationId, ticketId, notification);
  const commentId = 'commentId' in notification ? notification.commentId : null;
  const agents = await tx.query<{ id: string; email: string }>(
    `select id, email from agents
      where organization_id = $1 and id = any($2::uuid[]) and is_active and id is distinct from $3
      order by id`,
    [organizationId, agentIds, actorAgentId],
  );
  for (const agent of agents) {
    const deliveryId = newId();
    await tx.query(
      `insert into email_deliveries
         (organization_id, id, ticket_id, comment_id, kind, agent_id, notification, actor_agent_id, recipients)
       values ($1, $2, $3, $4, 'notification', $5, $6, $7, $8)`,
      [
        organizationId,
        deliveryId,
        ticketId,
        commentId,
        agent.id,
        notification.type,
        actorAgentId,
        [agent.email],
      ],
    );
    const job: SendJob = { organizationId, deliveryId };
    await outbound.jobs.send(tx, SEND_TICKET_EMAIL.name, job, {
      retryDelaySeconds: outbound.retryDelaySeconds,
    });
  }
  return agents.length;
}

async function recipientsOf(
  tx: Queryable,
  organizationId: string,
  ticketId: string,
  notification: AgentNotification,
): Promise<readonly string[]> {
  if (notification.type === 'assigned') return notification.assigneeId ? [notification.assigneeId] : [];
  if (notification.type === 'mentioned') return notification.mentionedAgentIds;
  const [ticket] = await tx.query<{ assignee_id: string | null }>(
    'select assignee_id from tickets where organization_id = $1 and id = $2',
    [organizationId, ticketId],
  );
  return ticket?.assignee_id ? [ticket.assignee_id] : [];
}
