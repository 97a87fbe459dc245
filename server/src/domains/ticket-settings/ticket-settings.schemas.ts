import { type Static, Type } from 'typebox';
import { HexColor, Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const StatusCategorySchema = Type.Union(
  [
    Type.Literal('new'),
    Type.Literal('open'),
    Type.Literal('pending'),
    Type.Literal('solved'),
    Type.Literal('closed'),
  ],
  { description: 'What the status means to the rest of the system (SLA, reopening, reports)' },
);

export type StatusCategory = Static<typeof StatusCategorySchema>;

export const StatusSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  color: Type.String(),
  position: Type.Integer(),
  category: StatusCategorySchema,
  pausesSla: Type.Boolean(),
  isDefaultForNew: Type.Boolean(),
  createdAt: Timestamp,
});
export type Status = Static<typeof StatusSchema>;

export const CreateStatusBody = Type.Object(
  {
    name: Name(60),
    color: Type.Optional(HexColor),
    category: StatusCategorySchema,
    pausesSla: Type.Optional(Type.Boolean()),
    isDefaultForNew: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const UpdateStatusBody = Type.Object(
  {
    name: Type.Optional(Name(60)),
    color: Type.Optional(HexColor),
    category: Type.Optional(StatusCategorySchema),
    pausesSla: Type.Optional(Type.Boolean()),
    isDefaultForNew: Type.Optional(
      Type.Literal(true, { description: 'Make this the status of new tickets' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StatusChanges = Static<typeof UpdateStatusBody>;

const Rank = Type.Integer({ minimum: 0, maximum: 1000, description: 'Urgency: higher is more urgent' });

export const PrioritySchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  color: Type.String(),
  position: Type.Integer(),
  rank: Type.Integer(),
  isDefault: Type.Boolean(),
  createdAt: Timestamp,
});
export type Priority = Static<typeof PrioritySchema>;

export const CreatePriorityBody = Type.Object(
  { name: Name(60), color: Type.Optional(HexColor), rank: Rank, isDefault: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

export const UpdatePriorityBody = Type.Object(
  {
    name: Type.Optional(Name(60)),
    color: Type.Optional(HexColor),
    rank: Type.Optional(Rank),
    isDefault: Type.Optional(Type.Literal(true, { description: 'Make this the priority of new tickets' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PriorityChanges = Static<typeof UpdatePriorityBody>;

export const ReorderBody = Type.Object(
  {
    ids: Type.Array(Uuid, {
      minItems: 1,
      maxItems: 100,
      uniqueItems: true,
      description: 'Every id, in the new order',
    }),
  },
  { additionalProperties: false },
);

export const DeleteOptionQuery = Type.Object(
  { replacementId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
