import type { TicketField } from '../../api/types.ts';
import type { RuleLookups } from './rule-kinds.tsx';
import type { NullableOption } from './value-fields.tsx';

/** A value a rule compares a ticket field with (an id, a tag, a custom field's value); null is none. */
export type FieldValue = string | number | boolean | null;

const CUSTOM_PREFIX = 'customFields.';

/** The ticket fields an update trigger can watch, custom fields by their label. */
export function watchableFields(lookups: RuleLookups): { value: string; label: string }[] {
  return [
    { value: 'subject', label: 'Subject' },
    { value: 'statusId', label: 'Status' },
    { value: 'priorityId', label: 'Priority' },
    { value: 'teamId', label: 'Team' },
    { value: 'assigneeId', label: 'Assignee' },
    { value: 'tags', label: 'Tags' },
    ...lookups.fields.map((field) => ({ value: `${CUSTOM_PREFIX}${field.key}`, label: field.label })),
  ];
}

const customField = (lookups: RuleLookups, key: string) => lookups.fields.find((field) => field.key === key);

/** The values of a custom field a rule can choose from, or null when it is typed (text, number, date). */
export function customFieldOptions(field: TicketField | undefined): NullableOption[] | null {
  if (!field) return null;
  if (field.type === 'checkbox')
    return [
      { value: 'true', label: 'Checked' },
      { value: 'false', label: 'Not checked' },
    ];
  if (field.type === 'select' || field.type === 'multiselect') return field.options;
  return null;
}

/**
 * The values a watched field can take, to choose from; null when they are typed in (the subject,
 * tags, a text field). Team and assignee include "none".
 */
export function fieldValueOptions(field: string | undefined, lookups: RuleLookups): NullableOption[] | null {
  const named = (items: { id: string; name: string }[]) =>
    items.map((item) => ({ value: item.id, label: item.name }));
  switch (field) {
    case 'statusId':
      return named(lookups.statuses);
    case 'priorityId':
      return named(lookups.priorities);
    case 'teamId':
      return [{ value: null, label: 'No team' }, ...named(lookups.teams)];
    case 'assigneeId':
      return [{ value: null, label: 'Unassigned' }, ...named(lookups.agents)];
    default:
      return field?.startsWith(CUSTOM_PREFIX)
        ? customFieldOptions(customField(lookups, field.slice(CUSTOM_PREFIX.length)))
        : null;
  }
}

/** A typed-in or chosen value as the field stores it: checkboxes as booleans, numbers as numbers. */
export function typedValue(text: string, field: TicketField | undefined): FieldValue {
  if (field?.type === 'checkbox') return text === 'true';
  if (field?.type === 'number' && text.trim() !== '' && !Number.isNaN(Number(text))) return Number(text);
  return text;
}

export const customFieldOf = (lookups: RuleLookups, watched: string | undefined) =>
  watched?.startsWith(CUSTOM_PREFIX) ? customField(lookups, watched.slice(CUSTOM_PREFIX.length)) : undefined;

/** A value shown to a person: the name behind an id, "none" for null. */
export function describeValue(value: unknown, lookups: RuleLookups): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map((item) => describeValue(item, lookups)).join(', ') || 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  const text = String(value);
  const named = [...lookups.statuses, ...lookups.priorities, ...lookups.teams, ...lookups.agents].find(
    (item) => item.id === text,
  );
  return named ? named.name : text;
}
