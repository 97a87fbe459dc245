import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../lib/errors.ts';
import {
  type FieldDefinition,
  loadFieldDefinitions,
  normalizeValue,
  type StoredValue,
} from './field-values.ts';

/** One checked `key:value` filter, ready to become SQL. */
export type CustomFieldCondition = { key: string; value: StoredValue; negate: boolean };

const filterError = (filter: string, message: string) =>
  new AppError('unprocessable', message, { field: 'customField', filter });

/** A query string only carries text; each type reads its own form of it. */
function parseText(field: FieldDefinition, text: string): unknown {
  switch (field.type) {
    case 'number':
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(text) ? Number(text) : text;
    case 'checkbox':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'multiselect':
      return [text];
    default:
      return text;
  }
}

/**
 * Checks `customField` filters (`key:value`, see CustomFieldFilterSchema) against the
 * organization's definitions: an unknown key or a value the field could never hold is a 422 on
 * `customField`. Archived fields can still be filtered on, since tickets keep their values.
 */
export async function resolveCustomFieldFilters(
  tx: Queryable,
  organizationId: string,
  filters: readonly string[],
): Promise<CustomFieldCondition[]> {
  if (filters.length === 0) return [];
  const definitions = await loadFieldDefinitions(tx, organizationId);
  return filters.map((filter) => {
    const separator = filter.indexOf(':');
    const key = separator < 0 ? filter : filter.slice(0, separator);
    const text = separator < 0 ? '' : filter.slice(separator + 1).trim();
    const field = definitions.get(key);
    if (!field) throw filterError(filter, `There is no custom field "${key}"`);
    if (text === '') throw filterError(filter, `Give a value to filter ${field.label} on`);
    const normalized = normalizeValue(field, parseText(field, text));
    if (!normalized.ok || normalized.value === null) {
      throw filterError(filter, `${field.label} ${normalized.ok ? 'needs a value' : normalized.reason}`);
    }
    // An unticked box is usually never stored, so "false" means "not ticked".
    if (field.type === 'checkbox' && normalized.value === false) return { key, value: true, negate: true };
    return { key, value: normalized.value, negate: false };
  });
}

/**
 * The conditions as one SQL condition over `<alias>.custom_fields` (all must hold), or null when
 * there are none. `bind` adds a parameter and returns its placeholder, as ticket-filters' binder
 * does. Each is a containment (`@>`), which the GIN index on (organization_id, custom_fields)
 * serves; a multiselect contains `[value]` when it holds that value among others.
 */
export function customFieldFilterSql(
  conditions: readonly CustomFieldCondition[],
  bind: (value: unknown) => string,
  alias = 't',
): string | null {
  if (conditions.length === 0) return null;
  return conditions
    .map(({ key, value, negate }) => {
      const contains = `${alias}.custom_fields @> ${bind(JSON.stringify({ [key]: value }))}::jsonb`;
      return negate ? `not (${contains})` : contains;
    })
    .join(' and ');
}
