import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const TeamSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  memberIds: Type.Array(Uuid),
  managerId: Type.Union([Uuid, Type.Null()], {
    description: "The team's manager (its lead), an active agent: escalations and SLA warnings email them",
  }),
  createdAt: Timestamp,
});
export type Team = Static<typeof TeamSchema>;

export const CreateTeamBody = Type.Object(
  {
    name: Name(100),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 500, uniqueItems: true })),
    managerId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateTeamBody = Type.Object(
  {
    name: Type.Optional(Name(100)),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    managerId: Type.Optional(Type.Union([Uuid, Type.Null()], { description: 'null: no manager' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const TeamMemberParams = Type.Object({ id: Uuid, agentId: Uuid });
