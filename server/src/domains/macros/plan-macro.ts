import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import type { FieldChange } from '../automations/automations.schemas.ts';
import { type ActionPlan, checkedPlan, describeChanges } from '../automations/plan-actions.ts';
import { findVisibleResponse } from '../canned-responses/canned-response-rows.ts';
import { parseTemplate, renderTemplate } from '../canned-responses/canned-template.ts';
import { placeholderValues } from '../canned-responses/render-canned-response.ts';
import { commentBody } from '../tickets/comment-body.ts';
import type { Ticket } from '../tickets/tickets.schemas.ts';
import type { MacroRow } from './macro-rows.ts';
import type { MacroTicketAction, RenderedReply, ReplyAction } from './macros.schemas.ts';

/** What a macro does to one ticket: the change to apply, described field by field, and the reply. */
export type MacroPlan = { plan: ActionPlan; changes: FieldChange[]; reply: RenderedReply | null };

/**
 * Plans the macro's actions the way a rule's are planned (ids checked against the organization as it
 * is now, custom field values normalized) and fills in its reply. Preview and apply both come here,
 * so what the preview shows is what applying does to the ticket as it was read.
 */
export async function planMacro(
  tx: Queryable,
  input: { actor: Actor; macro: MacroRow; ticket: Ticket },
): Promise<MacroPlan> {
  const { actor, macro, ticket } = input;
  const ticketActions = macro.actions.filter(
    (action): action is MacroTicketAction => action.type !== 'reply',
  );
  const plan = await checkedPlan(tx, actor.organizationId, ticketActions, ticket);
  const replyIndex = macro.actions.findIndex((action) => action.type === 'reply');
  const replyAction = macro.actions[replyIndex];
  const reply =
    replyAction?.type === 'reply'
      ? await renderReply(tx, { actor, ticket, plan, action: replyAction, path: `actions.${replyIndex}` })
      : null;
  return { plan, changes: describeChanges(plan, ticket), reply };
}

/**
 * The reply's template filled in with the canned-response placeholders, the status and priority as
 * the macro leaves them (a macro that solves the ticket can say so).
 */
async function renderReply(
  tx: Queryable,
  input: { actor: Actor; ticket: Ticket; plan: ActionPlan; action: ReplyAction; path: string },
): Promise<RenderedReply> {
  const { actor, ticket, plan, action, path } = input;
  const template =
    'body' in action ? action.body : await cannedBody(tx, actor, action.cannedResponseId, path);
  const values = await placeholderValues(tx, actor, ticket.id);
  const { statusId, priorityId } = plan.changes;
  if (statusId) values['ticket.status'] = await nameOf(tx, 'ticket_statuses', actor.organizationId, statusId);
  if (priorityId)
    values['ticket.priority'] = await nameOf(tx, 'ticket_priorities', actor.organizationId, priorityId);
  const text = renderTemplate(parseTemplate(template), values);
  if (!text.trim()) {
    throw new AppError('unprocessable', 'The reply is empty for this ticket', { field: path });
  }
  const { text: body, html } = commentBody({ body: text });
  return { body, html };
}

/** A canned response deleted (or made unusable to this agent) since the macro was saved is a 422. */
async function cannedBody(tx: Queryable, actor: Actor, responseId: string, path: string): Promise<string> {
  try {
    return (await findVisibleResponse(tx, actor, responseId)).body;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'not_found') throw error;
    throw new AppError('unprocessable', "The macro's canned response no longer exists", {
      field: `${path}.cannedResponseId`,
    });
  }
}

async function nameOf(
  tx: Queryable,
  table: 'ticket_statuses' | 'ticket_priorities',
  organizationId: string,
  id: string,
): Promise<string> {
  const [row] = await tx.query<{ name: string }>(
    `select name from ${table} where organization_id = $1 and id = $2`,
    [organizationId, id],
  );
  return row?.name ?? '';
}
