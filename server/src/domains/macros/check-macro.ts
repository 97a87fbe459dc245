import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../auth/actor.ts';
import { assertTicketActionFits } from '../automations/check-rule.ts';
import { parseTemplate } from '../canned-responses/canned-template.ts';
import type { MacroAction, ReplyAction } from './macros.schemas.ts';

/**
 * Checks what the schema cannot, as rules are checked: every id is this organization's (a 422 naming
 * the field, as `actions.0.teamId`), custom fields take their values, a reply's placeholders are
 * known, and there is at most one reply. A shared macro may only reply with a shared canned response,
 * since every agent applies it.
 */
export async function assertMacroFits(
  tx: Queryable,
  input: { actor: Actor; shared: boolean; actions: readonly MacroAction[] },
): Promise<void> {
  const { actor } = input;
  const replies = input.actions.flatMap((action, index) => (action.type === 'reply' ? [index] : []));
  if (replies.length > 1) {
    throw new AppError('unprocessable', 'A macro sends at most one reply', {
      field: `actions.${replies[1]}`,
    });
  }
  for (const [index, action] of input.actions.entries()) {
    const path = `actions.${index}`;
    if (action.type === 'reply') await checkReply(tx, { ...input, action, path });
    else await assertTicketActionFits(tx, actor.organizationId, action, path);
  }
}

async function checkReply(
  tx: Queryable,
  input: { actor: Actor; shared: boolean; action: ReplyAction; path: string },
): Promise<void> {
  const { action, actor, path } = input;
  if ('body' in action) {
    try {
      parseTemplate(action.body);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      throw new AppError('unprocessable', error.message, { ...error.details, field: `${path}.body` });
    }
    return;
  }
  // Shared macros: shared responses only; personal ones: also the owner's own.
  const [row] = await tx.query(
    `select 1 from canned_responses
      where organization_id = $1 and id = $2 and (owner_agent_id is null or (not $3 and owner_agent_id = $4))`,
    [actor.organizationId, action.cannedResponseId, input.shared, actor.agentId],
  );
  if (!row) {
    const which = input.shared ? 'a shared canned response' : 'a canned response you can use';
    throw new AppError('unprocessable', `The reply must be ${which}`, { field: `${path}.cannedResponseId` });
  }
}
