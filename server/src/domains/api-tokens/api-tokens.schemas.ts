import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  hint: Type.String({ description: 'The last characters of the token, to recognise it' }),
  agentId: Uuid,
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ApiToken = Static<typeof ApiTokenSchema>;

export const CreateApiTokenBody = Type.Object({ name: Name(100) }, { additionalProperties: false });

export const CreatedApiTokenSchema = Type.Object({
  apiToken: ApiTokenSchema,
  token: Type.String({ description: 'Shown once; send as `Authorization: Bearer <token>`' }),
});

export type ApiTokenRow = {
  id: string;
  name: string;
  token_hint: string;
  agent_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
};

export const API_TOKEN_COLUMNS = 'id, name, token_hint, agent_id, created_at, last_used_at, revoked_at';
export const API_TOKEN_PREFIX = 'act';

export const toApiToken = (row: ApiTokenRow): ApiToken => ({
  id: row.id,
  name: row.name,
  hint: row.token_hint,
  agentId: row.agent_id,
  createdAt: row.created_at.toISOString(),
  lastUsedAt: row.last_used_at?.toISOString() ?? null,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});
