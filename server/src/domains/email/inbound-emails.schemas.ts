import { type Static, type TSchema, Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const InboundEmailState = Type.Union([
  Type.Literal('received'),
  Type.Literal('processed'),
  Type.Literal('duplicate'),
  Type.Literal('quarantined'),
  Type.Literal('ignored'),
  Type.Literal('failed'),
]);

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const AuthResult = Type.String({
  description: 'RFC 8601: pass, fail, softfail, neutral, none, temperror, permerror',
});
const AuthResults = Type.Object({
  spf: Type.Object({ result: AuthResult, domain: Nullable(Type.String()) }),
  dkim: Type.Array(
    Type.Object({
      result: AuthResult,
      domain: Type.String(),
      selector: Nullable(Type.String()),
      aligned: Type.Boolean(),
    }),
  ),
  dmarc: Type.Object({
    result: AuthResult,
    domain: Nullable(Type.String()),
    policy: Nullable(Type.String()),
  }),
});

const Address = Type.Object({ address: Type.String(), name: Type.String() });

const summary = {
  id: Uuid,
  state: InboundEmailState,
  outcome: Nullable(
    Type.String({ description: 'new_ticket, reply, follow_up, automatic, bounce, dmarc_failed…' }),
  ),
  receivedVia: Type.Union([
    Type.Literal('smtp'),
    Type.Literal('imap'),
    Type.Literal('http'),
    Type.Literal('import'),
  ]),
  subject: Nullable(Type.String()),
  fromAddress: Nullable(Type.String()),
  messageId: Nullable(Type.String()),
  ticketId: Nullable(Uuid),
  commentId: Nullable(Uuid),
  error: Nullable(Type.String()),
  sizeBytes: Type.Integer(),
  receivedAt: Timestamp,
  processedAt: Nullable(Timestamp),
  releasedAt: Nullable(Timestamp),
};
export const InboundEmailSummarySchema = Type.Object(summary);
export type InboundEmailSummary = Static<typeof InboundEmailSummarySchema>;

export const InboundEmailSchema = Type.Object({
  ...summary,
  envelopeFrom: Nullable(Type.String()),
  envelopeTo: Type.Array(Type.String()),
  from: Nullable(Address),
  to: Type.Array(Address),
  cc: Type.Array(Address),
  date: Nullable(Timestamp),
  text: Type.String({ description: 'The whole plain-text body, quoted history and signature included' }),
  html: Nullable(Type.String({ description: 'The HTML body, sanitized as comments are' })),
  strippedText: Type.String({ description: 'The new part: what the comment shows' }),
  authResults: Nullable(AuthResults),
  attachments: Type.Array(
    Type.Object({ filename: Nullable(Type.String()), contentType: Type.String(), size: Type.Integer() }),
  ),
});
export type InboundEmail = Static<typeof InboundEmailSchema>;

export const ListInboundEmailsQuery = Type.Object(
  {
    state: Type.Optional(InboundEmailState),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
