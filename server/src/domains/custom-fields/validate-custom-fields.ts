import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import { loadFieldDefinitions, normalizeValue, type StoredValue } from './field-values.ts';

const fieldError = (key: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', message, { field: `customFields.${key}`, ...details });

/**
 * Checks a ticket's custom field values against the organization's definitions and returns them
 * normalized for storage (text trimmed, multiselect in option order). Any problem is a 422 naming
 * `customFields.<key>`.
 *
 * - `create`: every required, non-archived field must have a value (agents opening a ticket; the
 *   portal will choose its own rule). Values that mean "none" (null, blank text, empty list) are
 *   dropped, so the result is the whole `custom_fields` object.
 * - `update`: only the keys given change. "None" comes back as `null`, which clears the value and
 *   is refused for a required field. Store it with
 *   `custom_fields = jsonb_strip_nulls(custom_fields || $n::jsonb)`.
 *
 * Archived fields are read-only: their values stay on tickets, but cannot be set or cleared.
 * The fields being set stay locked FOR SHARE until `tx` ends, so an admin cannot archive them or
 * remove an option in between; write the ticket in the same transaction.
 */
export async function validateCustomFields(
  tx: Queryable,
  organizationId: string,
  input: Record<string, unknown>,
  mode: 'create' | 'update',
): Promise<Record<string, StoredValue | null>> {
  const keys = Object.keys(input);
  if (keys.length > 0) {
    // Locked before they are read, so the definitions checked are the ones in force at commit.
    await tx.query(
      'select 1 from ticket_field_definitions where organization_id = $1 and key = any($2::text[]) for share',
      [organizationId, keys],
    );
  }
  const definitions = await loadFieldDefinitions(tx, organizationId);
  const result: Record<string, StoredValue | null> = {};
  for (const key of keys) {
    const value = input[key];
    const field = definitions.get(key);
    if (!field) throw fieldError(key, `There is no custom field "${key}"`);
    if (field.archived) throw fieldError(key, `The field "${field.label}" is archived and cannot be changed`);
    const normalized = normalizeValue(field, value);
    if (!normalized.ok) throw fieldError(key, `${field.label} ${normalized.reason}`);
    if (normalized.value === null && field.required) {
      throw fieldError(key, `${field.label} is required and cannot be empty`);
    }
    if (normalized.value !== null || mode === 'update') result[key] = normalized.value;
  }
  if (mode === 'create') {
    const missing = [...definitions.values()]
      .filter((field) => field.required && !field.archived && result[field.key] === undefined)
      .map((field) => field.key);
    const [first] = missing;
    if (first !== undefined) {
      throw fieldError(first, `Required custom fields are missing: ${missing.join(', ')}`, { missing });
    }
  }
  return result;
}
