import type { Queryable } from '../../db/client.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { type Actor, hasRole } from '../auth/actor.ts';
import type { CannedResponse } from './canned-responses.schemas.ts';

export type CannedResponseRow = {
  id: string;
  owner_agent_id: string | null;
  folder_id: string | null;
  title: string;
  body: string;
  created_at: Date;
  updated_at: Date;
};

export const CANNED_RESPONSE_SELECT = `select id, owner_agent_id, folder_id, title, body, created_at, updated_at
  from canned_responses`;

/** Shared responses and the actor's own ($2); another agent's personal one does not exist for them. */
export const VISIBLE_TO = '(owner_agent_id is null or owner_agent_id = $2)';

export const toCannedResponse = (row: CannedResponseRow): CannedResponse => ({
  id: row.id,
  title: row.title,
  body: row.body,
  folderId: row.folder_id,
  scope: row.owner_agent_id === null ? 'shared' : 'personal',
  ownerId: row.owner_agent_id,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function findVisibleResponse(
  tx: Queryable,
  actor: Actor,
  responseId: string,
): Promise<CannedResponseRow> {
  const [row] = await tx.query<CannedResponseRow>(
    `${CANNED_RESPONSE_SELECT} where organization_id = $1 and ${VISIBLE_TO} and id = $3`,
    [actor.organizationId, actor.agentId, responseId],
  );
  if (!row) throw notFound('Canned response');
  return row;
}

/** Agents change their own responses; the shared ones belong to the admins. */
export function assertCanChange(actor: Actor, row: Pick<CannedResponseRow, 'owner_agent_id'>): void {
  if (row.owner_agent_id === null && !hasRole(actor, 'admin')) {
    throw new AppError('forbidden', 'Only admins can change shared canned responses');
  }
}

/** A folder must be this organization's; a wrong id is reported rather than saved. */
export async function assertFolderExists(
  tx: Queryable,
  organizationId: string,
  folderId: string | null | undefined,
): Promise<void> {
  if (!folderId) return;
  const found = await tx.query(
    'select 1 from canned_response_folders where organization_id = $1 and id = $2',
    [organizationId, folderId],
  );
  if (found.length === 0) throw new AppError('unprocessable', 'Unknown folder', { field: 'folderId' });
}
