import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

const Uuid = Type.String({ format: 'uuid' });
const Seq = Type.Integer({ minimum: 0, description: 'The last sequence number the client has seen' });
const Ref = Type.Optional(
  Type.String({ maxLength: 100, description: 'Echoed in the answer, so a client can match it' }),
);

const Target = Type.Union([
  Type.Object({ ticket: Uuid }, { additionalProperties: false }),
  Type.Object({ notifications: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({ queue: Type.Literal(true) }, { additionalProperties: false }),
]);

/** What a client sends over the socket (docs/realtime.md, Protocol). */
export const ClientMessage = Type.Union([
  Type.Object(
    { type: Type.Literal('subscribe'), ref: Ref, to: Target, since: Type.Optional(Seq) },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('unsubscribe'), ref: Ref, to: Target }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('presence'),
      ref: Ref,
      ticketId: Uuid,
      composing: Type.Union([Type.Literal('reply'), Type.Literal('note'), Type.Null()]),
    },
    { additionalProperties: false },
  ),
]);
export type ClientMessageType = Static<typeof ClientMessage>;
export type TargetType = Static<typeof Target>;

export const clientMessageValidator = Compile(ClientMessage);

export const EventStreamQuery = Type.Object(
  {
    since: Type.Optional(
      Type.Integer({ minimum: 0, description: 'Resume after this sequence number (or send Last-Event-ID)' }),
    ),
  },
  { additionalProperties: false },
);
