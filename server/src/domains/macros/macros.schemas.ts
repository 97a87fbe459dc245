import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { FieldChangeSchema } from '../automations/automations.schemas.ts';
import {
  AddInternalNoteAction,
  AddTagsAction,
  RemoveTagsAction,
  SetAssigneeAction,
  SetCustomFieldAction,
  SetPriorityAction,
  SetStatusAction,
  SetTeamAction,
} from '../automations/rule.schemas.ts';
import { ScopeSchema } from '../canned-responses/canned-responses.schemas.ts';
import { PLACEHOLDERS } from '../canned-responses/canned-template.ts';
import { CommentSchema, TicketSchema } from '../tickets/tickets.schemas.ts';

// Version 1 of a macro's actions, stored beside them like a rule's.
export const MACRO_SCHEMA_VERSION = 1;

const ReplyText = Type.String({
  minLength: 1,
  maxLength: 20_000,
  pattern: '\\S',
  description: `Plain text. Placeholders: ${PLACEHOLDERS.map((name) => `{{${name}}}`).join(', ')}`,
});

/** A public reply by the applying agent: a text of its own, or a canned response, filled in for the ticket. */
export const ReplyActionSchema = Type.Union([
  Type.Object(
    { type: Type.Literal('reply'), body: ReplyText },
    { additionalProperties: false, description: 'Reply to the requester with this text' },
  ),
  Type.Object(
    { type: Type.Literal('reply'), cannedResponseId: Uuid },
    { additionalProperties: false, description: 'Reply to the requester with a canned response' },
  ),
]);
export type ReplyAction = Static<typeof ReplyActionSchema>;

/** The automation actions that change only the ticket, and a reply; applied in order. */
export const MacroActionSchema = Type.Union([
  SetStatusAction,
  SetPriorityAction,
  SetTeamAction,
  SetAssigneeAction,
  AddTagsAction,
  RemoveTagsAction,
  SetCustomFieldAction,
  AddInternalNoteAction,
  ...ReplyActionSchema.anyOf,
]);
export type MacroAction = Static<typeof MacroActionSchema>;
export type MacroTicketAction = Exclude<MacroAction, ReplyAction>;

const MacroActions = Type.Array(MacroActionSchema, {
  minItems: 1,
  maxItems: 20,
  description: 'At most one reply',
});

export const MacroSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  scope: ScopeSchema,
  ownerId: Type.Union([Uuid, Type.Null()], { description: 'The agent a personal macro belongs to' }),
  position: Type.Integer(),
  schemaVersion: Type.Integer(),
  actions: Type.Array(MacroActionSchema),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Macro = Static<typeof MacroSchema>;

const Description = Type.String({ maxLength: 1000 });
const Position = Type.Integer({ minimum: 0, maximum: 100_000, description: 'Lists show lower first' });

export const CreateMacroBody = Type.Object(
  {
    name: Name(200),
    description: Type.Optional(Description),
    scope: Type.Optional(
      Type.Union([Type.Literal('shared'), Type.Literal('personal')], {
        default: 'personal',
        description: 'Shared with every agent (admins only), or personal to the agent who made it',
      }),
    ),
    position: Type.Optional(Position),
    actions: MacroActions,
  },
  { additionalProperties: false },
);
export type NewMacro = Static<typeof CreateMacroBody>;

export const UpdateMacroBody = Type.Object(
  {
    name: Type.Optional(Name(200)),
    description: Type.Optional(Description),
    position: Type.Optional(Position),
    actions: Type.Optional(MacroActions),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type MacroChanges = Static<typeof UpdateMacroBody>;

export const MacroListQuery = Type.Object(
  { scope: Type.Optional(ScopeSchema) },
  { additionalProperties: false },
);
export type MacroListRequest = Static<typeof MacroListQuery>;

export const TicketMacroParams = Type.Object({ id: Uuid, macroId: Uuid });

export const RenderedReplySchema = Type.Object({
  body: Type.String({ description: 'Plain text with the placeholders filled in' }),
  html: Type.String({ description: 'The same as the reply comment will show it' }),
});
export type RenderedReply = Static<typeof RenderedReplySchema>;

export const MacroPreviewSchema = Type.Object({
  changes: Type.Array(FieldChangeSchema, {
    description: 'Each field that would change (from, to), then each internal note (field `note`)',
  }),
  reply: Type.Union([RenderedReplySchema, Type.Null()], { description: 'The public reply it would post' }),
  version: Type.Integer({ description: 'The ticket version the preview was made from; send it to apply' }),
});
export type MacroPreview = Static<typeof MacroPreviewSchema>;

export const ApplyMacroBody = Type.Object(
  { version: Type.Integer({ minimum: 1, description: 'The ticket version you read' }) },
  { additionalProperties: false },
);

export const AppliedMacroSchema = Type.Object({
  ticket: TicketSchema,
  changes: Type.Array(FieldChangeSchema),
  reply: Type.Union([CommentSchema, Type.Null()]),
});
export type AppliedMacro = Static<typeof AppliedMacroSchema>;

export const BulkApplyBody = Type.Object(
  {
    tickets: Type.Array(
      Type.Object(
        {
          id: Uuid,
          version: Type.Optional(
            Type.Integer({ minimum: 1, description: 'Checked when given: a stale one fails this ticket' }),
          ),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);
export type BulkApplyTickets = Static<typeof BulkApplyBody>['tickets'];

export const BulkApplyResultSchema = Type.Object({
  items: Type.Array(
    Type.Object({
      ticketId: Uuid,
      outcome: Type.Union([Type.Literal('applied'), Type.Literal('failed')]),
      ticket: Type.Union([TicketSchema, Type.Null()]),
      error: Type.Union([
        Type.Object({ code: Type.String(), message: Type.String(), field: Type.Optional(Type.String()) }),
        Type.Null(),
      ]),
    }),
  ),
  appliedCount: Type.Integer(),
  failedCount: Type.Integer(),
});
export type BulkApplyResult = Static<typeof BulkApplyResultSchema>;
