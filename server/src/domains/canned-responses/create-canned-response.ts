import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../auth/actor.ts';
import {
  assertCanChange,
  assertFolderExists,
  findVisibleResponse,
  toCannedResponse,
} from './canned-response-rows.ts';
import type { CannedResponse, NewCannedResponse } from './canned-responses.schemas.ts';
import { parseTemplate } from './canned-template.ts';

export function createCannedResponse(
  db: Database,
  input: { actor: Actor; response: NewCannedResponse },
): Promise<CannedResponse> {
  const { actor, response } = input;
  const ownerId = response.scope === 'shared' ? null : actor.agentId;
  assertCanChange(actor, { owner_agent_id: ownerId });
  parseTemplate(response.body);
  const { organizationId } = actor;
  const id = newId();
  const title = response.title.trim();
  return withTenant(db, organizationId, async (tx) => {
    await assertFolderExists(tx, organizationId, response.folderId);
    await tx.query(
      `insert into canned_responses (organization_id, id, owner_agent_id, folder_id, title, body)
       values ($1, $2, $3, $4, $5, $6)`,
      [organizationId, id, ownerId, response.folderId ?? null, title, response.body],
    );
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response.created',
      entityType: 'canned_response',
      entityId: id,
      changes: {
        title,
        scope: ownerId === null ? 'shared' : 'personal',
        folderId: response.folderId ?? null,
      },
    });
    return toCannedResponse(await findVisibleResponse(tx, actor, id));
  });
}
