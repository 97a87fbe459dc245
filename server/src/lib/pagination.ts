import { AppError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type PageRequest = { limit?: number; cursor?: string };
export type PageOf<T> = { items: T[]; nextCursor: string | null };

/**
 * Keyset pagination over time-ordered ids: a page is `id > after order by id limit n + 1`.
 * The cursor is opaque to clients so its shape can change.
 */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!UUID.test(id)) throw new AppError('validation_failed', 'Invalid cursor', { field: 'cursor' });
  return id;
}

export const pageLimit = (request: PageRequest): number => request.limit ?? 50;

/** Takes `limit + 1` rows fetched in id order and returns one page with the cursor to the next. */
export function toPage<Row extends { id: string }, T>(
  rows: Row[],
  limit: number,
  map: (row: Row) => T,
): PageOf<T> {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return {
    items: pageRows.map(map),
    nextCursor: rows.length > limit && last ? Buffer.from(last.id, 'utf8').toString('base64url') : null,
  };
}
