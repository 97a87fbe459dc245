import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { COUNT_CAP } from '../tickets/ticket-filters.ts';
import { SortOrderSchema, TicketFiltersSchema, TicketSortSchema } from '../tickets/ticket-list-query.ts';

export const SavedViewSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  shared: Type.Boolean({ description: 'Shared with the whole organization, or personal to its owner' }),
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'The agent a personal view belongs to' }),
  filters: TicketFiltersSchema,
  sort: TicketSortSchema,
  order: SortOrderSchema,
  position: Type.Integer(),
  count: Type.Integer({ description: 'Tickets matching now; in a shared view `me` is whoever asks' }),
  countCapped: Type.Boolean({
    description: `More tickets match than \`count\`: counting stops at ${COUNT_CAP}`,
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SavedView = Static<typeof SavedViewSchema>;

const Position = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Lower comes first' });

export const CreateSavedViewBody = Type.Object(
  {
    name: Name(100),
    shared: Type.Optional(Type.Boolean({ default: false, description: 'Only admins share views' })),
    filters: Type.Optional(TicketFiltersSchema),
    sort: Type.Optional(TicketSortSchema),
    order: Type.Optional(SortOrderSchema),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);
export type CreateSavedViewInput = Static<typeof CreateSavedViewBody>;

export const UpdateSavedViewBody = Type.Object(
  {
    name: Type.Optional(Name(100)),
    filters: Type.Optional(TicketFiltersSchema),
    sort: Type.Optional(TicketSortSchema),
    order: Type.Optional(SortOrderSchema),
    position: Type.Optional(Position),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SavedViewChanges = Static<typeof UpdateSavedViewBody>;
