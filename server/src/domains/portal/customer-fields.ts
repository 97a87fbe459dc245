import type { FieldOption, FieldType } from '../custom-fields/custom-fields.schemas.ts';
import type { ContactTicket } from './portal.schemas.ts';

/** A custom field value of a ticket, read only for definitions visible to customers. */
export type CustomerFieldRow = {
  key: string;
  label: string;
  type: FieldType;
  options: FieldOption[];
  value: unknown;
};

/** Select values also come as their labels, which customers read (they cannot list field definitions). */
export const toCustomerFields = (rows: CustomerFieldRow[]): ContactTicket['fields'] =>
  rows.map(({ key, label, type, options, value }) => {
    const labelOf = (stored: unknown) =>
      options.find((option) => option.value === stored)?.label ?? String(stored);
    const valueLabel =
      type === 'select'
        ? labelOf(value)
        : type === 'multiselect' && Array.isArray(value)
          ? value.map(labelOf)
          : null;
    return { key, label, type, value, valueLabel };
  });
