import type { Queryable } from '../../db/client.ts';
import type { FieldOption, FieldType } from './custom-fields.schemas.ts';

/** What a ticket's write or a filter needs to know about a field. */
export type FieldDefinition = {
  key: string;
  label: string;
  type: FieldType;
  options: FieldOption[];
  required: boolean;
  archived: boolean;
};

/** A value as stored in `tickets.custom_fields`: never null there, since null means "no value". */
export type StoredValue = string | number | boolean | string[];

export const MAX_TEXT_LENGTH = 10_000;

export async function loadFieldDefinitions(
  tx: Queryable,
  organizationId: string,
): Promise<Map<string, FieldDefinition>> {
  const rows = await tx.query<Omit<FieldDefinition, 'archived'> & { archived: boolean }>(
    `select key, label, type, options, required, archived_at is not null as archived
       from ticket_field_definitions where organization_id = $1`,
    [organizationId],
  );
  return new Map(rows.map((row) => [row.key, row]));
}

export type Normalized = { ok: true; value: StoredValue | null } | { ok: false; reason: string };

const invalid = (reason: string): Normalized => ({ ok: false, reason });

/** A real calendar day in `YYYY-MM-DD`: `2023-02-29` is refused, not rolled over to March. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/**
 * Checks one value against its field's type and returns what to store. `null`, an empty or blank
 * text and an empty multiselect all mean "no value" and come back as null.
 */
export function normalizeValue(field: FieldDefinition, value: unknown): Normalized {
  if (value === null) return { ok: true, value: null };
  const optionValues = field.options.map((option) => option.value);
  switch (field.type) {
    case 'text': {
      if (typeof value !== 'string') return invalid('must be a string');
      if (value.length > MAX_TEXT_LENGTH) return invalid(`must be at most ${MAX_TEXT_LENGTH} characters`);
      const text = value.trim();
      return { ok: true, value: text === '' ? null : text };
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? { ok: true, value }
        : invalid('must be a finite number');
    case 'date':
      return typeof value === 'string' && isCalendarDate(value)
        ? { ok: true, value }
        : invalid('must be a calendar date as YYYY-MM-DD');
    case 'checkbox':
      return typeof value === 'boolean' ? { ok: true, value } : invalid('must be true or false');
    case 'select':
      return typeof value === 'string' && optionValues.includes(value)
        ? { ok: true, value }
        : invalid(`must be one of ${optionValues.join(', ')}`);
    case 'multiselect': {
      if (!Array.isArray(value)) return invalid('must be a list of option values');
      if (value.some((item) => typeof item !== 'string' || !optionValues.includes(item))) {
        return invalid(`may only hold ${optionValues.join(', ')}`);
      }
      if (new Set(value).size !== value.length) return invalid('must not repeat a value');
      // Stored in the options' order, so equal selections are equal jsonb whatever order they came in.
      const chosen = optionValues.filter((option) => value.includes(option));
      return { ok: true, value: chosen.length === 0 ? null : chosen };
    }
    default: {
      const unreachable: never = field.type;
      throw new Error(`Unhandled field type ${String(unreachable)}`);
    }
  }
}
