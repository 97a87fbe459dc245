import { AppError } from '../../lib/errors.ts';
import type { SortOrder, TicketSort } from './ticket-list-query.ts';

/**
 * Where a queue page ended: the last ticket's sort key (as text, so timestamps keep their
 * microseconds) and id, and the sort it was made for, since the key means nothing under another.
 */
export type QueueCursor = { sort: TicketSort; order: SortOrder; key: string; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// PostgreSQL's text form of a timestamptz: 2025-03-01 09:30:00.123456+00 (offset may carry minutes).
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;
const INTEGER = /^-?\d{1,10}$/;

export const encodeQueueCursor = (cursor: QueueCursor): string =>
  Buffer.from(JSON.stringify(cursor)).toString('base64url');

const invalid = (message: string) => new AppError('validation_failed', message, { field: 'cursor' });

export function decodeQueueCursor(
  cursor: string | undefined,
  sort: TicketSort,
  order: SortOrder,
): QueueCursor | null {
  if (!cursor) return null;
  let parsed: Partial<QueueCursor> | null;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<QueueCursor> | null;
  } catch {
    throw invalid('Invalid cursor');
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid('Invalid cursor');
  if (parsed.sort !== sort || parsed.order !== order) {
    throw invalid(
      `This cursor was made for another sort; it continues sort=${parsed.sort}&order=${parsed.order}`,
    );
  }
  const { key, id } = parsed;
  if (typeof id !== 'string' || !UUID.test(id) || typeof key !== 'string' || !validKey(sort, key)) {
    throw invalid('Invalid cursor');
  }
  return { sort, order, key, id };
}

// A tampered key must be a 400, not a failed cast in the database.
function validKey(sort: TicketSort, key: string): boolean {
  if (sort === 'number' || sort === 'priority') {
    return INTEGER.test(key) && Math.abs(Number(key)) <= 2 ** 31 - 1;
  }
  // No running SLA timer sorts as the end of time.
  if (sort === 'sla' && key === 'infinity') return true;
  const match = TIMESTAMP.exec(key);
  if (!match) return false;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60
  );
}
