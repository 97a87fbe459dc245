import type { FormField } from '../portal-types.ts';

/** What an input holds: text for text, number, date and select; a box's state; the chosen options. */
export type InputValue = string | boolean | string[];
type Sent = string | number | boolean | string[];

/** Problems by the names the API uses in `details.field`: `subject`, `body`, `customFields.<key>`. */
export type FieldErrors = Record<string, string>;

const MAX_TEXT_LENGTH = 10_000;

export const fieldName = (field: FormField) => `customFields.${field.key}`;

export function emptyValue(field: FormField): InputValue {
  if (field.type === 'checkbox') return false;
  if (field.type === 'multiselect') return [];
  return '';
}

/** A real calendar day in `YYYY-MM-DD`, as the API requires (`2023-02-29` is not one). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

type Checked = { value: Sent | null } | { problem: string };

/**
 * One input read as the API reads it: blank text, no choice and no chosen options mean "no value";
 * a checkbox always has one (true or false), as the API counts false as given.
 */
function check(field: FormField, input: InputValue): Checked {
  const options = field.options.map((option) => option.value);
  if (typeof input === 'boolean') return { value: input };
  if (Array.isArray(input)) {
    const chosen = options.filter((option) => input.includes(option));
    return { value: chosen.length > 0 ? chosen : null };
  }
  const text = input.trim();
  if (text === '') return { value: null };
  switch (field.type) {
    case 'number': {
      const number = Number(text);
      return Number.isFinite(number) ? { value: number } : { problem: 'must be a number, like 42 or 3.5' };
    }
    case 'date':
      return isCalendarDate(text) ? { value: text } : { problem: 'must be a date' };
    case 'select':
      return options.includes(text) ? { value: text } : { problem: 'must be one of the choices' };
    default:
      return input.length > MAX_TEXT_LENGTH
        ? { problem: `must be at most ${MAX_TEXT_LENGTH} characters` }
        : { value: text };
  }
}

/** The values to send, or the problems to show next to the fields (the API would refuse them too). */
export function readFields(
  fields: FormField[],
  inputs: Record<string, InputValue>,
): { values: Record<string, Sent>; errors: FieldErrors } {
  const values: Record<string, Sent> = {};
  const errors: FieldErrors = {};
  for (const field of fields) {
    const checked = check(field, inputs[field.key] ?? emptyValue(field));
    if ('problem' in checked) errors[fieldName(field)] = `${field.label} ${checked.problem}`;
    else if (checked.value !== null) values[field.key] = checked.value;
    else if (field.required) errors[fieldName(field)] = `${field.label} is required`;
  }
  return { values, errors };
}

/** Subject and description, checked like the API: both needed, the subject at most 250 characters. */
export function readMessage(subject: string, body: string): FieldErrors {
  const errors: FieldErrors = {};
  if (!subject.trim()) errors.subject = 'Subject is required';
  else if (subject.length > 250) errors.subject = 'Subject must be at most 250 characters';
  if (!body.trim()) errors.body = 'Description is required';
  return errors;
}
