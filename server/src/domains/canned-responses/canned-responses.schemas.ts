import { type Static, Type } from 'typebox';
import { Name, PageQuery, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { PLACEHOLDERS } from './canned-template.ts';

const scopeSchema = (options: { default?: 'personal' } = {}) =>
  Type.Union([Type.Literal('shared'), Type.Literal('personal')], {
    description: 'Shared with every agent (only admins change those), or personal to the agent who made it',
    ...options,
  });
export const ScopeSchema = scopeSchema();
export type Scope = Static<typeof ScopeSchema>;

export const FolderSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Folder = Static<typeof FolderSchema>;

export const FolderBody = Type.Object({ name: Name(100) }, { additionalProperties: false });

const TemplateBody = Type.String({
  minLength: 1,
  maxLength: 20_000,
  pattern: '\\S',
  description: `Plain text. Placeholders: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
});

export const CannedResponseSchema = Type.Object({
  id: Uuid,
  title: Type.String(),
  body: Type.String(),
  folderId: Type.Union([Uuid, Type.Null()]),
  scope: ScopeSchema,
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'The agent a personal response belongs to' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type CannedResponse = Static<typeof CannedResponseSchema>;

export const CreateCannedResponseBody = Type.Object(
  {
    title: Name(200),
    body: TemplateBody,
    folderId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    scope: Type.Optional(scopeSchema({ default: 'personal' })),
  },
  { additionalProperties: false },
);
export type NewCannedResponse = Static<typeof CreateCannedResponseBody>;

export const UpdateCannedResponseBody = Type.Object(
  {
    title: Type.Optional(Name(200)),
    body: Type.Optional(TemplateBody),
    folderId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: 'null takes it out of its folder' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CannedResponseChanges = Static<typeof UpdateCannedResponseBody>;

export const CannedResponseListQuery = Type.Object(
  {
    ...PageQuery,
    q: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Contained in title or body' }),
    ),
    folderId: Type.Optional(Uuid),
    scope: Type.Optional(ScopeSchema),
  },
  { additionalProperties: false },
);
export type CannedResponseListRequest = Static<typeof CannedResponseListQuery>;

export const RenderParams = Type.Object({ id: Uuid, cid: Uuid });

export const RenderedResponseSchema = Type.Object({
  body: Type.String({ description: 'Plain text with the values filled in' }),
  html: Type.String({ description: 'The same as escaped HTML paragraphs, as a comment would show it' }),
});
export type RenderedResponse = Static<typeof RenderedResponseSchema>;
