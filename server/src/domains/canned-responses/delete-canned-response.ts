import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import { assertCanChange, findVisibleResponse } from './canned-response-rows.ts';

export function deleteCannedResponse(
  db: Database,
  input: { actor: Actor; responseId: string },
): Promise<void> {
  const { actor, responseId } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const response = await findVisibleResponse(tx, actor, responseId);
    assertCanChange(actor, response);
    await tx.query('delete from canned_responses where organization_id = $1 and id = $2', [
      organizationId,
      responseId,
    ]);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response.deleted',
      entityType: 'canned_response',
      entityId: responseId,
      changes: { title: response.title, scope: response.owner_agent_id === null ? 'shared' : 'personal' },
    });
  });
}
