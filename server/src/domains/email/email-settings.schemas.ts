import { type Static, Type } from 'typebox';

const SmtpSecuritySchema = Type.Union([Type.Literal('tls'), Type.Literal('starttls'), Type.Literal('none')], {
  description:
    'tls: TLS from the start (port 465); starttls: upgrade required (587); none: plain (a local relay)',
});
export type SmtpSecurity = Static<typeof SmtpSecuritySchema>;

const ClosedTicketReply = Type.Union([Type.Literal('new_ticket'), Type.Literal('ignore')], {
  description: 'What a reply to a closed ticket does: open a linked ticket, or nothing (stored only)',
});
const FromName = Type.String({ maxLength: 200, description: "Sender name (empty: the organization's name)" });

export const EmailSettingsSchema = Type.Object({
  fromName: FromName,
  closedTicketReply: ClosedTicketReply,
  smtp: Type.Union([
    Type.Object({
      host: Type.String(),
      port: Type.Integer(),
      security: SmtpSecuritySchema,
      user: Type.Union([Type.String(), Type.Null()]),
      passwordSet: Type.Boolean(),
    }),
    Type.Null(),
  ]),
  systemRelay: Type.Boolean({ description: 'Whether the server has a default relay (SMTP_RELAY_URL)' }),
});
export type EmailSettings = Static<typeof EmailSettingsSchema>;

export const EmailSettingsBody = Type.Object(
  {
    fromName: Type.Optional(FromName),
    closedTicketReply: Type.Optional(ClosedTicketReply),
    smtp: Type.Optional(
      Type.Union([
        Type.Object(
          {
            host: Type.String({ minLength: 1, maxLength: 253, pattern: '^[^\\s/:]+$' }),
            port: Type.Integer({ minimum: 1, maximum: 65535 }),
            security: SmtpSecuritySchema,
            user: Type.Optional(Type.Union([Type.String({ maxLength: 320 }), Type.Null()])),
            password: Type.Optional(
              Type.Union([Type.String({ maxLength: 1000 }), Type.Null()], {
                description: 'Omitted: keep the stored one; null or empty: none',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type EmailSettingsChanges = Static<typeof EmailSettingsBody>;

export const TemplateKind = Type.Union(
  [
    Type.Literal('acknowledgement'),
    Type.Literal('assigned'),
    Type.Literal('mentioned'),
    Type.Literal('customer_replied'),
    Type.Literal('sla_at_risk'),
  ],
  {
    description:
      'acknowledgement: to a customer whose email opened a ticket; assigned, mentioned, customer_replied, ' +
      'sla_at_risk: notifications to an agent',
  },
);
export type TemplateKindType = Static<typeof TemplateKind>;

export const EmailTemplateSchema = Type.Object({
  kind: TemplateKind,
  subject: Type.String(),
  body: Type.String(),
  isDefault: Type.Boolean({ description: 'Not customised: the built-in text' }),
  placeholders: Type.Array(Type.String(), { description: 'The {{names}} this kind of template may use' }),
});
export type EmailTemplate = Static<typeof EmailTemplateSchema>;

export const EmailTemplateBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 500 }),
    body: Type.String({ minLength: 1, maxLength: 20_000 }),
  },
  { additionalProperties: false },
);
