import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { recordAudit } from '../../lib/audit.ts';
import type { Actor } from '../auth/actor.ts';
import {
  assertCanChange,
  assertFolderExists,
  findVisibleResponse,
  toCannedResponse,
} from './canned-response-rows.ts';
import type { CannedResponse, CannedResponseChanges } from './canned-responses.schemas.ts';
import { parseTemplate } from './canned-template.ts';

/** Retitles, rewrites or refiles a response; `folderId: null` takes it out of its folder. */
export function updateCannedResponse(
  db: Database,
  input: { actor: Actor; responseId: string; changes: CannedResponseChanges },
): Promise<CannedResponse> {
  const { actor, responseId, changes } = input;
  const { organizationId } = actor;
  return withTenant(db, organizationId, async (tx) => {
    const before = await findVisibleResponse(tx, actor, responseId);
    assertCanChange(actor, before);
    if (changes.body !== undefined) parseTemplate(changes.body);
    await assertFolderExists(tx, organizationId, changes.folderId);
    await tx.query(
      `update canned_responses set title = coalesce($3, title), body = coalesce($4, body),
          folder_id = case when $5 then $6::uuid else folder_id end, updated_at = now()
        where organization_id = $1 and id = $2`,
      [
        organizationId,
        responseId,
        changes.title?.trim() ?? null,
        changes.body ?? null,
        changes.folderId !== undefined,
        changes.folderId ?? null,
      ],
    );
    const after = await findVisibleResponse(tx, actor, responseId);
    await recordAudit(tx, {
      organizationId,
      actorType: 'agent',
      actorId: actor.agentId,
      action: 'canned_response.updated',
      entityType: 'canned_response',
      entityId: responseId,
      changes: {
        before: { title: before.title, body: before.body, folderId: before.folder_id },
        after: { title: after.title, body: after.body, folderId: after.folder_id },
      },
    });
    return toCannedResponse(after);
  });
}
