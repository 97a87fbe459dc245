import type { Queryable } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/job-queue.ts';
import { newId } from '../../lib/ids.ts';
import { SEND_TICKET_EMAIL } from '../email/email-queues.ts';
import type { SendJob } from '../email/enqueue-email.ts';
import { announceRealtimeEvents } from '../realtime/announce-events.ts';
import type { NotificationKind } from './notifications.schemas.ts';

export type AgentNotification =
  | { type: 'assigned'; assigneeId: string | null }
  | { type: 'mentioned'; commentId: string; mentionedAgentIds: readonly string[] }
  | { type: 'customer_replied'; commentId: string; assigneeId: string | null }
  | { type: 'sla_at_risk'; timer: string };

/**
 * Where notification emails are queued. The SLA clock has no configured retry wait at hand: without
 * one, the send queue's own applies.
 */
export type NotificationOutbox = { jobs: Pick<JobQueue, 'send'>; retryDelaySeconds?: number };

/**
 * Notifies the agents a ticket change concerns: the new assignee, the agents an internal note mentions,
 * the assignee of a ticket its customer answered or whose SLA timer is at risk. Never the agent who
 * made the change, never an inactive agent. Each gets an in-app notification, and an email unless they
 * turned that kind's emails off. Called in the change's own transaction, so both exist only if the
 * change does. Answers how many emails were queued (the caller wakes the sender when any were).
 */
export async function notifyAgents(
  tx: Queryable,
  outbox: NotificationOutbox,
  input: {
    organizationId: string;
    ticketId: string;
    actorAgentId: string | null;
    notification: AgentNotification;
  },
): Promise<number> {
  const { organizationId, ticketId, actorAgentId, notification } = input;
  const agentIds = await recipientsOf(tx, organizationId, ticketId, notification);
  if (agentIds.length === 0) return 0;
  const kind: NotificationKind = notification.type;
  const commentId = 'commentId' in notification ? notification.commentId : null;
  const details = notification.type === 'sla_at_risk' ? { timer: notification.timer } : {};
  const agents = await tx.query<{ id: string; email: string; wants_email: boolean }>(
    `select a.id, a.email, coalesce(p.email, true) as wants_email
       from agents a
       left join notification_preferences p
         on p.organization_id = a.organization_id and p.agent_id = a.id and p.kind = $4
      where a.organization_id = $1 and a.id = any($2::uuid[]) and a.is_active and a.id is distinct from $3
      order by a.id`,
    [organizationId, agentIds, actorAgentId, kind],
  );
  let emailed = 0;
  for (const agent of agents) {
    await tx.query(
      `insert into notifications (organization_id, id, agent_id, kind, ticket_id, actor_agent_id, comment_id, details)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [organizationId, newId(), agent.id, kind, ticketId, actorAgentId, commentId, JSON.stringify(details)],
    );
    if (!agent.wants_email) continue;
    const deliveryId = newId();
    await tx.query(
      `insert into email_deliveries
         (organization_id, id, ticket_id, comment_id, kind, agent_id, notification, actor_agent_id, recipients)
       values ($1, $2, $3, $4, 'notification', $5, $6, $7, $8)`,
      [organizationId, deliveryId, ticketId, commentId, agent.id, kind, actorAgentId, [agent.email]],
    );
    const job: SendJob = { organizationId, deliveryId };
    await outbox.jobs.send(
      tx,
      SEND_TICKET_EMAIL.name,
      job,
      outbox.retryDelaySeconds ? { retryDelaySeconds: outbox.retryDelaySeconds } : {},
    );
    emailed++;
  }
  // The bell updates live: each notification is a realtime event for its agent (migration 0029).
  if (agents.length > 0) announceRealtimeEvents(tx, organizationId);
  return emailed;
}

async function recipientsOf(
  tx: Queryable,
  organizationId: string,
  ticketId: string,
  notification: AgentNotification,
): Promise<readonly string[]> {
  if (notification.type === 'mentioned') return notification.mentionedAgentIds;
  // Named by the caller: the new assignee, or the one a customer's reply read with the ticket locked.
  if ('assigneeId' in notification) return notification.assigneeId ? [notification.assigneeId] : [];
  const [ticket] = await tx.query<{ assignee_id: string | null }>(
    'select assignee_id from tickets where organization_id = $1 and id = $2',
    [organizationId, ticketId],
  );
  return ticket?.assignee_id ? [ticket.assignee_id] : [];
}
