import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { AttachmentSummarySchema } from '../attachments/attachments.schemas.ts';
import { AttachmentIds } from '../tickets/tickets.schemas.ts';

/**
 * A ticket as its requester sees it. Only what the customer is meant to know: no assignee, tags,
 * priority or internal times, and activity counted from public comments only, so an internal note
 * leaves no trace here (not even a moved "updated" time).
 */
export const ContactTicketSchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  subject: Type.String(),
  status: Type.Object({ name: Type.String(), category: Type.String() }),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  commentCount: Type.Integer({ description: 'Public comments only' }),
});
export type ContactTicket = Static<typeof ContactTicketSchema>;

export const ContactCommentSchema = Type.Object({
  id: Uuid,
  ticketId: Uuid,
  author: Type.Object({
    type: Type.Union([Type.Literal('agent'), Type.Literal('contact'), Type.Literal('system')]),
    name: Type.String(),
  }),
  bodyText: Type.String(),
  bodyHtml: Type.String(),
  attachments: Type.Array(AttachmentSummarySchema),
  createdAt: Timestamp,
});
export type ContactComment = Static<typeof ContactCommentSchema>;

const ReplyFields = {
  body: Type.Optional(Type.String({ maxLength: 100_000, description: 'Plain text' })),
  html: Type.Optional(
    Type.String({ maxLength: 500_000, description: 'HTML; sanitized before it is stored' }),
  ),
};

export const ContactReplyBody = Type.Object(
  { ...ReplyFields, attachmentIds: Type.Optional(AttachmentIds) },
  { additionalProperties: false, minProperties: 1 },
);

export const ContactTicketBody = Type.Object(
  { subject: Type.String({ minLength: 1, maxLength: 250, pattern: '\\S' }), ...ReplyFields },
  { additionalProperties: false },
);

const PortalMeFields = {
  contact: Type.Object({ id: Uuid, email: Type.String(), name: Type.String() }),
  organization: Type.Object({ id: Uuid, name: Type.String() }),
};
export const PortalMeSchema = Type.Object(PortalMeFields);
export type PortalMe = Static<typeof PortalMeSchema>;

export const PortalSignedInSchema = Type.Object({
  ...PortalMeFields,
  csrfToken: Type.String(),
  expiresAt: Timestamp,
});
