import { type Static, Type } from 'typebox';
import { Email, HexColor, Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import { MIN_PASSWORD_LENGTH } from '../../lib/passwords.ts';

// A DNS name with at least one dot (letters, digits, hyphens per label); no port, no scheme.
const HostName = Type.String({
  maxLength: 253,
  pattern: '^(?=.{1,253}$)([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)+[a-zA-Z]{2,63}$',
  description: 'A host name such as support.example.com',
});

export const Slug = Type.String({
  pattern: '^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$',
  description: 'Lowercase letters, digits and dashes; 3 to 40 characters',
});
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  description: 'An IANA time zone, e.g. Europe/Paris',
});
const Language = Type.String({
  minLength: 2,
  maxLength: 35,
  description: 'A BCP 47 language tag, e.g. en or pt-BR',
});

// `nullable` rather than a union with null: the validator would coerce a refused 0 into null (= reset).
const ByteLimit = (minimum: number, description: string) =>
  Type.Unsafe<number | null>({ type: 'integer', minimum, nullable: true, description });

export const OrganizationSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  timeZone: Type.String(),
  defaultLanguage: Type.String(),
  supportAddresses: Type.Array(Type.String()),
  reopenOnCustomerReply: Type.Boolean({
    description: 'A customer reply to a pending or solved ticket moves it back to the default open status',
  }),
  attachmentMaxBytes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Largest attachment in bytes; null: the instance limit (ATTACHMENT_MAX_BYTES)',
  }),
  attachmentQuotaBytes: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Bytes all attachments may take together; null: the instance quota (ATTACHMENT_QUOTA_BYTES)',
  }),
  brandColor: Type.String({ description: "The portal's accent color, #rrggbb" }),
  portalHost: Type.Union([Type.String(), Type.Null()], {
    description:
      "A host name of the organization's own (support.example.com) that opens its portal; null: none",
  }),
  logoUrl: Type.Union([Type.String(), Type.Null()], {
    description: "The portal's logo (public; the address changes with the logo); null: none",
  }),
  createdAt: Timestamp,
});
export type Organization = Static<typeof OrganizationSchema>;

export const SignUpBody = Type.Object(
  {
    organizationName: Name(),
    slug: Type.Optional(Slug),
    name: Name(),
    email: Email,
    password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 }),
    timeZone: Type.Optional(TimeZone),
    defaultLanguage: Type.Optional(Language),
  },
  { additionalProperties: false },
);

export const UpdateOrganizationBody = Type.Object(
  {
    name: Type.Optional(Name()),
    timeZone: Type.Optional(TimeZone),
    defaultLanguage: Type.Optional(Language),
    supportAddresses: Type.Optional(Type.Array(Email, { maxItems: 20, uniqueItems: true })),
    reopenOnCustomerReply: Type.Optional(Type.Boolean()),
    attachmentMaxBytes: Type.Optional(ByteLimit(1, 'At most the instance limit; null returns to it')),
    attachmentQuotaBytes: Type.Optional(ByteLimit(0, 'At most the instance quota; null returns to it')),
    brandColor: Type.Optional(HexColor),
    portalHost: Type.Optional(
      Type.Union([HostName, Type.Null()], {
        description:
          "Point the host's DNS at this server; its / then opens this organization's portal. null: none",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
