import { type Static, Type } from 'typebox';
import { Email, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { AttachmentSummarySchema } from '../attachments/attachments.schemas.ts';
import { Password } from '../auth/auth.schemas.ts';
import { FieldTypeSchema } from '../custom-fields/custom-fields.schemas.ts';
import { AttachmentIds } from '../tickets/tickets.schemas.ts';

/**
 * A ticket as its requester sees it. Only what the customer is meant to know: no assignee, tags,
 * priority or internal times, and activity counted from public comments only, so an internal note
 * leaves no trace here (not even a moved "updated" time). Custom field values appear only for fields
 * visible to customers.
 */
export const ContactTicketSchema = Type.Object({
  id: Uuid,
  number: Type.Integer(),
  subject: Type.String(),
  status: Type.Object({ name: Type.String(), category: Type.String() }),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  commentCount: Type.Integer({ description: 'Public comments only' }),
  fields: Type.Array(
    Type.Object({
      key: Type.String(),
      label: Type.String(),
      type: FieldTypeSchema,
      value: Type.Unknown({ description: 'As stored: text, number, YYYY-MM-DD, boolean, option value(s)' }),
      valueLabel: Type.Union([Type.String(), Type.Array(Type.String()), Type.Null()], {
        description: 'The option label(s) of a select or multiselect value; null for other types',
      }),
    }),
    {
      description:
        'Values of the custom fields visible to customers, in display order; never agent-only ones',
    },
  ),
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

const PortalContactFields = {
  contact: Type.Object({
    id: Uuid,
    email: Type.String(),
    name: Type.String(),
    hasPassword: Type.Boolean({ description: 'Changing it needs the current one' }),
  }),
  organization: Type.Object({ id: Uuid, name: Type.String(), slug: Type.String() }),
};
const PortalContactSchema = Type.Object(PortalContactFields);
export type PortalContact = Static<typeof PortalContactSchema>;
const CsrfToken = Type.String({ description: 'Send it as `x-csrf-token` with every write' });

export const PortalMeSchema = Type.Object({ ...PortalContactFields, csrfToken: CsrfToken });

export const PortalSignedInSchema = Type.Object({
  ...PortalContactFields,
  csrfToken: CsrfToken,
  expiresAt: Timestamp,
});

/** A portal address names its organization by slug: `/portal/<slug>`. */
export const PortalSlug = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,58}[a-z0-9]$',
  description: "The organization's slug, as in its portal address",
});

export const PortalLogInBody = Type.Object(
  { organization: PortalSlug, email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const PortalPasswordBody = Type.Object(
  {
    newPassword: Password,
    currentPassword: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'Required once a password is set' }),
    ),
  },
  { additionalProperties: false },
);

export const SignInLinkRequestBody = Type.Object(
  { organization: PortalSlug, email: Email },
  { additionalProperties: false },
);

export const SignInLinkRequested = Type.Object({
  message: Type.String({ description: 'The same whether or not the address is known' }),
});

export const PortalOrganizationSchema = Type.Object({
  name: Type.String(),
  slug: Type.String(),
  brandColor: Type.String({ description: '#rrggbb' }),
  logoUrl: Type.Union([Type.String(), Type.Null()]),
  forms: Type.Array(Type.Object({ id: Uuid, name: Type.String(), description: Type.String() }), {
    description: 'The active intake forms; their fields come with GET /portal/forms once signed in',
  }),
});
export type PortalOrganization = Static<typeof PortalOrganizationSchema>;
