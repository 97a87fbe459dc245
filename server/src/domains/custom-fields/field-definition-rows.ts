import type { Queryable } from '../../db/client.ts';
import { AppError, isUniqueViolation, notFound } from '../../lib/errors.ts';
import type { FieldOption, FieldType, TicketField } from './custom-fields.schemas.ts';

type FieldRow = {
  id: string;
  key: string;
  label: string;
  type: FieldType;
  options: FieldOption[];
  required: boolean;
  visible_to_customers: boolean;
  position: number;
  archived_at: Date | null;
  created_at: Date;
  updated_at: Date;
};

const FIELD_COLUMNS = `id, key, label, type, options, required, visible_to_customers, position, archived_at,
  created_at, updated_at`;

const toTicketField = (row: FieldRow): TicketField => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  required: row.required,
  visibleToCustomers: row.visible_to_customers,
  position: row.position,
  archivedAt: row.archived_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** Every field of the organization in display order; `archived` narrows to archived or to active ones. */
export async function listTicketFields(
  tx: Queryable,
  organizationId: string,
  archived?: boolean,
): Promise<TicketField[]> {
  const rows = await tx.query<FieldRow>(
    `select ${FIELD_COLUMNS} from ticket_field_definitions
      where organization_id = $1 and ($2::boolean is null or (archived_at is not null) = $2)
      order by position, id`,
    [organizationId, archived ?? null],
  );
  return rows.map(toTicketField);
}

export async function getTicketField(
  tx: Queryable,
  organizationId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TicketField> {
  const [row] = await tx.query<FieldRow>(
    `select ${FIELD_COLUMNS} from ticket_field_definitions where organization_id = $1 and id = $2
     ${options.forUpdate ? 'for update' : ''}`,
    [organizationId, id],
  );
  if (!row) throw notFound('Ticket field');
  return toTicketField(row);
}

/** Select types need options with unique values; the other types take none. */
export function assertOptionsFit(type: FieldType, options: FieldOption[]): void {
  const takesOptions = type === 'select' || type === 'multiselect';
  if (!takesOptions && options.length > 0) {
    throw new AppError('unprocessable', `A ${type} field has no options`, { field: 'options' });
  }
  if (takesOptions && options.length === 0) {
    throw new AppError('unprocessable', `A ${type} field needs at least one option`, { field: 'options' });
  }
  const values = options.map((option) => option.value);
  const duplicates = values.filter((value, index) => values.indexOf(value) !== index);
  if (duplicates.length > 0) {
    throw new AppError('unprocessable', 'Option values must be unique', {
      field: 'options',
      duplicates: [...new Set(duplicates)],
    });
  }
}

/** Labels and values are trimmed, so `"Gold "` and `"Gold"` are one value. */
export const trimOptions = (options: FieldOption[]): FieldOption[] =>
  options.map((option) => ({ value: option.value.trim(), label: option.label.trim() }));

/** Archived fields do not count: archiving frees a slot, though not the key. */
export async function assertActiveFieldRoom(
  tx: Queryable,
  organizationId: string,
  max: number,
): Promise<void> {
  const [row] = await tx.query<{ count: number }>(
    `select count(*)::int as count from ticket_field_definitions
      where organization_id = $1 and archived_at is null`,
    [organizationId],
  );
  if ((row?.count ?? 0) >= max) {
    throw new AppError('conflict', `An organization has at most ${max} fields in use; archive one first`);
  }
}

export function rethrowDuplicateKey(error: unknown): never {
  if (isUniqueViolation(error, 'ticket_field_definitions_key_key')) {
    throw new AppError('conflict', 'A field with this key exists (archived fields keep theirs)', {
      field: 'key',
    });
  }
  throw error;
}
