import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const FIELD_KEY_PATTERN = '^[a-z][a-z0-9_]{0,49}$';

export const FieldTypeSchema = Type.Union(
  [
    Type.Literal('text'),
    Type.Literal('number'),
    Type.Literal('date'),
    Type.Literal('checkbox'),
    Type.Literal('select'),
    Type.Literal('multiselect'),
  ],
  { description: 'Fixed once the field exists' },
);
export type FieldType = Static<typeof FieldTypeSchema>;

export const FieldOptionSchema = Type.Object(
  {
    value: Name(100),
    label: Name(100),
  },
  { additionalProperties: false, description: 'What tickets store (`value`) and what people read (`label`)' },
);
export type FieldOption = Static<typeof FieldOptionSchema>;

/** At most this many fields that are not archived, per organization. */
export const MAX_ACTIVE_FIELDS = 100;
const Options = Type.Array(FieldOptionSchema, {
  maxItems: 200,
  description: 'For select and multiselect: at least one, values unique. Other types take none',
});
const Position = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Lower comes first' });
const Required = Type.Boolean({
  description: 'Agents must give a value when they open a ticket (existing tickets are not checked)',
});
const VisibleToCustomers = Type.Boolean({ description: 'Shown on the customer portal (later)' });

export const TicketFieldSchema = Type.Object({
  id: Uuid,
  key: Type.String({ description: 'Names the value in `ticket.customFields` and in filters' }),
  label: Type.String(),
  type: FieldTypeSchema,
  options: Type.Array(FieldOptionSchema),
  required: Type.Boolean(),
  visibleToCustomers: Type.Boolean(),
  position: Type.Integer(),
  archivedAt: Type.Union([Timestamp, Type.Null()], {
    description: 'Archived fields keep their values on tickets but take no new ones',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type TicketField = Static<typeof TicketFieldSchema>;

export const CreateTicketFieldBody = Type.Object(
  {
    key: Type.String({
      pattern: FIELD_KEY_PATTERN,
      description: 'Lowercase letters, digits and `_`, starting with a letter; unique and fixed',
    }),
    label: Name(100),
    type: FieldTypeSchema,
    options: Type.Optional(Options),
    required: Type.Optional(Required),
    visibleToCustomers: Type.Optional(VisibleToCustomers),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);
export type CreateTicketFieldInput = Static<typeof CreateTicketFieldBody>;

// `key` and `type` are absent on purpose: tickets' stored values depend on both.
export const UpdateTicketFieldBody = Type.Object(
  {
    label: Type.Optional(Name(100)),
    options: Type.Optional(
      Type.Array(FieldOptionSchema, {
        maxItems: 200,
        description: 'The whole new list: add, relabel, reorder. Removing a value that tickets hold is 409',
      }),
    ),
    required: Type.Optional(Required),
    visibleToCustomers: Type.Optional(VisibleToCustomers),
    position: Type.Optional(Position),
    archived: Type.Optional(Type.Boolean({ description: '`false` restores an archived field' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type TicketFieldChanges = Static<typeof UpdateTicketFieldBody>;

export const ListTicketFieldsQuery = Type.Object(
  {
    archived: Type.Optional(
      Type.Boolean({ description: '`false`: only fields in use; `true`: only archived; unset: all' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * A ticket's custom field values by key, as bodies send them and responses return them: text and
 * select are strings, number a number, date `YYYY-MM-DD`, checkbox a boolean, multiselect a list
 * of option values; `null` clears a value on update.
 */
export const CustomFieldValuesSchema = Type.Record(Type.String(), Type.Unknown(), {
  maxProperties: MAX_ACTIVE_FIELDS,
  description: 'Values by field key; checked against the organization’s field definitions',
});

/** The queue's custom-field filter: `customField=plan:gold&customField=seats:10`. */
export const CustomFieldFilterSchema = Type.Array(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,49}:', maxLength: 1100 }),
  {
    maxItems: 10,
    description:
      '`key:value`, repeatable (all must match). A multiselect matches when it holds the value; ' +
      '`checkbox:false` also matches tickets where the box was never set',
  },
);
