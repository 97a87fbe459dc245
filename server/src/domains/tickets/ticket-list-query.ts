import { type Static, Type } from 'typebox';
import { PageQuery, Uuid } from '../../lib/http-schemas.ts';
import { CustomFieldFilterSchema } from '../custom-fields/custom-fields.schemas.ts';
import { SourceSchema } from './tickets.schemas.ts';

const StatusCategory = Type.Union(
  [
    Type.Literal('new'),
    Type.Literal('open'),
    Type.Literal('pending'),
    Type.Literal('solved'),
    Type.Literal('closed'),
  ],
  { description: 'Repeat the parameter for several categories' },
);

const Timestamp = (description: string) => Type.String({ format: 'date-time', description });

/** What a queue can filter on; saved views store exactly these, so both are validated alike. */
const FILTER_PROPERTIES = {
  statusCategory: Type.Optional(Type.Array(StatusCategory, { maxItems: 5, uniqueItems: true })),
  statusId: Type.Optional(Uuid),
  priorityId: Type.Optional(Uuid),
  assignee: Type.Optional(
    Type.String({
      pattern: '^(me|unassigned|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$',
      description: 'An agent id, `me` (whoever is asking) or `unassigned`',
    }),
  ),
  teamId: Type.Optional(Uuid),
  tag: Type.Optional(
    Type.Array(Type.String({ minLength: 1, maxLength: 50 }), {
      maxItems: 10,
      description: 'Repeat for several tags: a ticket must carry all of them',
    }),
  ),
  requesterId: Type.Optional(Uuid),
  number: Type.Optional(Type.Integer({ minimum: 1, description: "The ticket's number (#12 is 12)" })),
  source: Type.Optional(SourceSchema),
  createdAfter: Type.Optional(Timestamp('Created at or after this time')),
  createdBefore: Type.Optional(Timestamp('Created before this time')),
  updatedAfter: Type.Optional(Timestamp('Updated at or after this time')),
  updatedBefore: Type.Optional(Timestamp('Updated before this time')),
  customField: Type.Optional(CustomFieldFilterSchema),
};

export const TicketFiltersSchema = Type.Object(FILTER_PROPERTIES, { additionalProperties: false });
export type TicketFilters = Static<typeof TicketFiltersSchema>;

const sortSchema = (options: { default?: string } = {}) =>
  Type.Union(
    [
      Type.Literal('updated'),
      Type.Literal('created'),
      Type.Literal('priority'),
      Type.Literal('number'),
      Type.Literal('sla'),
    ],
    {
      ...options,
      description:
        '`priority` orders by the priority rank: with `desc`, most urgent first. `sla` orders by the next SLA due time (`slaDueAt`): with `asc`, most overdue first, tickets with no running timer last',
    },
  );
export const TicketSortSchema = sortSchema();
export type TicketSort = Static<typeof TicketSortSchema>;

const orderSchema = (options: { default?: string } = {}) =>
  Type.Union([Type.Literal('asc'), Type.Literal('desc')], options);
export const SortOrderSchema = orderSchema();
export type SortOrder = Static<typeof SortOrderSchema>;

export const TicketListQuery = Type.Object(
  {
    ...PageQuery,
    ...FILTER_PROPERTIES,
    sort: Type.Optional(sortSchema({ default: 'updated' })),
    order: Type.Optional(orderSchema({ default: 'desc' })),
  },
  { additionalProperties: false },
);
