import { type Static, Type } from 'typebox';
import { Email, Timestamp, Uuid } from '../../lib/http-schemas.ts';

const Tls = Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')], {
  description: 'tls: TLS from the start (port 993); starttls: upgrade required (143); none: no encryption',
});
const AfterImport = Type.Union([Type.Literal('flag'), Type.Literal('move')], {
  description: 'flag: keep the message and add the $ActionConnect keyword; move: move it to `moveTo`',
});
const Folder = Type.String({ minLength: 1, maxLength: 200 });

export const ImapAccountSchema = Type.Object({
  id: Uuid,
  supportAddress: Type.String(),
  host: Type.String(),
  port: Type.Integer(),
  tls: Tls,
  username: Type.String(),
  mailbox: Type.String(),
  afterImport: AfterImport,
  moveTo: Type.Union([Type.String(), Type.Null()]),
  pollSeconds: Type.Integer({ description: 'How often to look for mail when the server has no IDLE' }),
  enabled: Type.Boolean(),
  lastPollAt: Type.Union([Timestamp, Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ImapAccount = Static<typeof ImapAccountSchema>;

const settings = {
  host: Type.String({ minLength: 1, maxLength: 253 }),
  port: Type.Integer({ minimum: 1, maximum: 65535 }),
  tls: Tls,
  username: Type.String({ minLength: 1, maxLength: 320 }),
  password: Type.String({ minLength: 1, maxLength: 1000, description: 'Stored encrypted, never returned' }),
  mailbox: Type.Optional(Folder),
  afterImport: AfterImport,
  moveTo: Type.Optional(Type.Union([Folder, Type.Null()])),
  pollSeconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 3600 })),
  enabled: Type.Optional(Type.Boolean()),
};

export const CreateImapAccountBody = Type.Object(
  { supportAddress: Email, ...settings },
  { additionalProperties: false },
);
export type CreateImapAccountInput = Static<typeof CreateImapAccountBody>;

export const UpdateImapAccountBody = Type.Partial(Type.Object(settings), {
  additionalProperties: false,
  minProperties: 1,
});
export type UpdateImapAccountInput = Static<typeof UpdateImapAccountBody>;
