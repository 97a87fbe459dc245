import type { Database } from '../../db/client.ts';
import { withTenant } from '../../db/tenant.ts';
import { decodeCursor, type PageOf, type PageRequest, pageLimit, toPage } from '../../lib/pagination.ts';
import type { Folder } from './canned-responses.schemas.ts';
import { FOLDER_SELECT, type FolderRow, toFolder } from './folder-rows.ts';

export function listFolders(
  db: Database,
  input: PageRequest & { organizationId: string },
): Promise<PageOf<Folder>> {
  const limit = pageLimit(input);
  return withTenant(db, input.organizationId, async (tx) => {
    const rows = await tx.query<FolderRow>(
      `${FOLDER_SELECT} where organization_id = $1 and ($2::uuid is null or id > $2) order by id limit $3`,
      [input.organizationId, decodeCursor(input.cursor), limit + 1],
    );
    return toPage(rows, limit, toFolder);
  });
}
