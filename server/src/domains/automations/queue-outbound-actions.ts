import type { Queryable } from '../../db/client.ts';
import { notifyAgentsOfAutomation } from '../email/automation-agent-email.ts';
import { enqueueAutomaticEmail, type OutboundQueue } from '../email/enqueue-email.ts';
import type { Ticket } from '../tickets/tickets.schemas.ts';
import type { AutomationRule, FieldChange } from './automations.schemas.ts';
import type { OutboundAction } from './plan-actions.ts';
import type { TriggerEvent } from './trigger-events.ts';
import { queueWebhook, type WebhookQueue } from './webhook-queue.ts';

type AgentTarget = Extract<OutboundAction, { type: 'email_agents' }>['to'];

/**
 * A rule's emails and webhooks for the ticket as its changes left it, queued in the run's
 * transaction. Answers what each did, for the run log: the addresses mailed (none when the
 * automatic-mail limit or a missing recipient held it back), the webhook URL called.
 */
export async function queueOutboundActions(
  tx: Queryable,
  queues: { outbound: OutboundQueue; webhooks: WebhookQueue },
  input: {
    organizationId: string;
    rule: AutomationRule;
    event: TriggerEvent;
    ticket: Ticket;
    actions: OutboundAction[];
  },
): Promise<FieldChange[]> {
  const { organizationId, rule, event, ticket } = input;
  const done: FieldChange[] = [];
  for (const action of input.actions) {
    if (action.type === 'webhook') {
      await queueWebhook(tx, queues.webhooks, {
        organizationId,
        ruleId: rule.id,
        ticketId: ticket.id,
        eventId: event.id,
        url: action.url,
        secret: action.secret ?? null,
        payload: { event, ticket, rule: { id: rule.id, name: rule.name } },
      });
      done.push({ field: 'webhook', from: null, to: action.url });
      continue;
    }
    const template = { subject: action.subject, body: action.body };
    const recipients: (string | null)[] =
      action.type === 'email_requester'
        ? [
            await enqueueAutomaticEmail(tx, queues.outbound, {
              organizationId,
              ticketId: ticket.id,
              template,
            }),
          ]
        : await notifyAgentsOfAutomation(tx, queues.outbound, {
            organizationId,
            ticketId: ticket.id,
            agentIds: await agentsOf(tx, organizationId, action.to, ticket),
            template,
          });
    const sentTo = recipients.filter((address): address is string => address !== null);
    done.push({ field: 'email', from: null, to: { recipients: sentTo, subject: action.subject } });
  }
  return done;
}

/** The agents an email_agents action names, for this ticket (inactive ones are dropped when queuing). */
async function agentsOf(
  tx: Queryable,
  organizationId: string,
  to: AgentTarget,
  ticket: Ticket,
): Promise<string[]> {
  if (typeof to === 'object') return [to.agentId];
  if (to === 'assignee') return ticket.assigneeId ? [ticket.assigneeId] : [];
  if (!ticket.teamId) return [];
  const rows =
    to === 'team'
      ? await tx.query<{ id: string }>(
          'select agent_id as id from team_members where organization_id = $1 and team_id = $2',
          [organizationId, ticket.teamId],
        )
      : await tx.query<{ id: string }>(
          'select manager_id as id from teams where organization_id = $1 and id = $2 and manager_id is not null',
          [organizationId, ticket.teamId],
        );
  return rows.map((row) => row.id);
}
