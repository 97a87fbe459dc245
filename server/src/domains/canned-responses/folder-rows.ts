import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { Folder } from './canned-responses.schemas.ts';

export type FolderRow = { id: string; name: string; created_at: Date; updated_at: Date };

export const FOLDER_SELECT = 'select id, name, created_at, updated_at from canned_response_folders';

export const toFolder = (row: FolderRow): Folder => ({
  id: row.id,
  name: row.name,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export async function getFolder(tx: Queryable, organizationId: string, folderId: string): Promise<Folder> {
  const [row] = await tx.query<FolderRow>(`${FOLDER_SELECT} where organization_id = $1 and id = $2`, [
    organizationId,
    folderId,
  ]);
  if (!row) throw notFound('Folder');
  return toFolder(row);
}

export function rethrowDuplicateName(error: unknown): never {
  if (isUniqueViolation(error, 'canned_response_folders_name_key')) {
    throw new AppError('conflict', 'A folder with this name exists', { field: 'name' });
  }
  throw error;
}
