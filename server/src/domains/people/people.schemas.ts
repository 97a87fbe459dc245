import { type Static, Type } from 'typebox';
import { Email, Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import type { AgentRole } from '../auth/actor.ts';

export const AgentRoleSchema = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('agent'),
]);

export const AgentSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: AgentRoleSchema,
  isActive: Type.Boolean(),
  lastLoginAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type Agent = Static<typeof AgentSchema>;

export const UpdateAgentBody = Type.Object(
  {
    name: Type.Optional(Name()),
    role: Type.Optional(AgentRoleSchema),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const InvitationSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  role: Type.Union([Type.Literal('admin'), Type.Literal('agent')]),
  invitedBy: Uuid,
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('accepted'),
    Type.Literal('revoked'),
    Type.Literal('expired'),
  ]),
  createdAt: Timestamp,
  expiresAt: Timestamp,
});
export type Invitation = Static<typeof InvitationSchema>;

export const CreateInvitationBody = Type.Object(
  {
    email: Email,
    name: Type.Optional(Type.String({ maxLength: 200 })),
    role: Type.Optional(Type.Union([Type.Literal('admin'), Type.Literal('agent')], { default: 'agent' })),
  },
  { additionalProperties: false },
);

export type AgentRow = {
  id: string;
  email: string;
  name: string;
  role: AgentRole;
  is_active: boolean;
  last_login_at: Date | null;
  created_at: Date;
};

export const AGENT_COLUMNS = 'id, email, name, role, is_active, last_login_at, created_at';

export const toAgent = (row: AgentRow): Agent => ({
  id: row.id,
  email: row.email,
  name: row.name,
  role: row.role,
  isActive: row.is_active,
  lastLoginAt: row.last_login_at?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
});
