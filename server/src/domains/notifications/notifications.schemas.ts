import { type Static, Type } from 'typebox';
import { PageQuery, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const NotificationKindSchema = Type.Union(
  [
    Type.Literal('assigned'),
    Type.Literal('mentioned'),
    Type.Literal('customer_replied'),
    Type.Literal('sla_at_risk'),
  ],
  {
    description:
      'assigned: a ticket was assigned to you; mentioned: an internal note names you; customer_replied: ' +
      "the customer answered on your ticket; sla_at_risk: one of your ticket's SLA timers is at risk",
  },
);
export type NotificationKind = Static<typeof NotificationKindSchema>;

export const NotificationSchema = Type.Object({
  id: Uuid,
  kind: NotificationKindSchema,
  ticket: Type.Object({ id: Uuid, number: Type.Integer(), subject: Type.String() }),
  actor: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()], {
    description: 'The agent who caused it; null for a customer, an automation rule or the SLA clock',
  }),
  commentId: Type.Union([Uuid, Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown(), {
    description: 'sla_at_risk: `timer` (first_response, next_response or resolution)',
  }),
  readAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
});
export type Notification = Static<typeof NotificationSchema>;

export const NotificationListQuery = Type.Object(
  {
    ...PageQuery,
    unread: Type.Optional(Type.Boolean({ description: 'Only the unread ones' })),
  },
  { additionalProperties: false },
);

export const UnreadCountSchema = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const NotificationPreferencesSchema = Type.Object({
  email: Type.Object(
    {
      assigned: Type.Boolean(),
      mentioned: Type.Boolean(),
      customer_replied: Type.Boolean(),
      sla_at_risk: Type.Boolean(),
    },
    { description: 'For each kind, whether it is also emailed (in-app notifications are always on)' },
  ),
});
export type NotificationPreferences = Static<typeof NotificationPreferencesSchema>;

export const NotificationPreferencesBody = Type.Object(
  {
    email: Type.Object(
      {
        assigned: Type.Optional(Type.Boolean()),
        mentioned: Type.Optional(Type.Boolean()),
        customer_replied: Type.Optional(Type.Boolean()),
        sla_at_risk: Type.Optional(Type.Boolean()),
      },
      { additionalProperties: false, minProperties: 1, description: 'The kinds to change; the others stay' },
    ),
  },
  { additionalProperties: false },
);
export type NotificationPreferencesChanges = Static<typeof NotificationPreferencesBody>;
