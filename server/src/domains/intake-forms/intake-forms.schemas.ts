import { type Static, Type } from 'typebox';
import { Name, Timestamp, Uuid } from '../../lib/http-schemas.ts';
import {
  FIELD_KEY_PATTERN,
  FieldOptionSchema,
  FieldTypeSchema,
} from '../custom-fields/custom-fields.schemas.ts';

/** At most this many forms per organization (a portal offers a handful). */
export const MAX_FORMS = 50;
const MAX_FORM_FIELDS = 50;

const Position = Type.Integer({ minimum: 0, maximum: 10_000, description: 'Lower comes first' });
const Description = Type.String({ maxLength: 2000 });
const Tag = Type.String({
  minLength: 1,
  maxLength: 50,
  pattern: '^[^\\s,]+$',
  description: 'No spaces or commas',
});

export const FormFieldSchema = Type.Object(
  {
    fieldKey: Type.String({
      pattern: FIELD_KEY_PATTERN,
      description: 'A custom ticket field in use and visible to customers',
    }),
    label: Type.Optional(
      Type.Union([Name(100), Type.Null()], { description: "Shown instead of the field's own label" }),
    ),
    helpText: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    required: Type.Boolean({ description: 'The customer must fill it in on this form' }),
    position: Type.Optional(Position),
  },
  { additionalProperties: false },
);
export type FormFieldInput = Static<typeof FormFieldSchema>;

const Fields = Type.Array(FormFieldSchema, {
  maxItems: MAX_FORM_FIELDS,
  description: 'The whole list; each field once. Without positions, in the order given',
});

export const FormDefaultsSchema = Type.Object(
  {
    teamId: Type.Optional(Type.Union([Uuid, Type.Null()])),
    priorityId: Type.Optional(
      Type.Union([Uuid, Type.Null()], { description: "Null: the organization's default priority" }),
    ),
    tags: Type.Optional(Type.Array(Tag, { maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false, description: 'What the tickets of this form start with' },
);
export type FormDefaultsInput = Static<typeof FormDefaultsSchema>;

export const IntakeFormSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  isActive: Type.Boolean({ description: 'Only active forms are offered on the portal' }),
  position: Type.Integer(),
  fields: Type.Array(
    Type.Object({
      fieldKey: Type.String(),
      label: Type.Union([Type.String(), Type.Null()]),
      helpText: Type.Union([Type.String(), Type.Null()]),
      required: Type.Boolean(),
      position: Type.Integer(),
    }),
  ),
  defaults: Type.Object({
    teamId: Type.Union([Uuid, Type.Null()]),
    priorityId: Type.Union([Uuid, Type.Null()]),
    tags: Type.Array(Type.String()),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IntakeForm = Static<typeof IntakeFormSchema>;

export const CreateIntakeFormBody = Type.Object(
  {
    name: Name(100),
    description: Type.Optional(Description),
    isActive: Type.Optional(Type.Boolean()),
    position: Type.Optional(Position),
    fields: Type.Optional(Fields),
    defaults: Type.Optional(FormDefaultsSchema),
  },
  { additionalProperties: false },
);
export type CreateIntakeFormInput = Static<typeof CreateIntakeFormBody>;

export const UpdateIntakeFormBody = Type.Object(
  {
    name: Type.Optional(Name(100)),
    description: Type.Optional(Description),
    isActive: Type.Optional(Type.Boolean()),
    position: Type.Optional(Position),
    fields: Type.Optional(Fields),
    defaults: Type.Optional(FormDefaultsSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type IntakeFormChanges = Static<typeof UpdateIntakeFormBody>;

/** A form as a customer fills it in: its fields resolved to what an input needs. */
export const PortalFormSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  fields: Type.Array(
    Type.Object({
      key: Type.String({ description: 'Send the value as `customFields.<key>`' }),
      label: Type.String(),
      helpText: Type.Union([Type.String(), Type.Null()]),
      type: FieldTypeSchema,
      options: Type.Array(FieldOptionSchema),
      required: Type.Boolean(),
    }),
  ),
});
export type PortalForm = Static<typeof PortalFormSchema>;

export const FormSubmissionBody = Type.Object(
  {
    subject: Type.String({ minLength: 1, maxLength: 250, pattern: '\\S' }),
    body: Type.Optional(Type.String({ maxLength: 100_000, description: 'Plain text' })),
    html: Type.Optional(
      Type.String({ maxLength: 500_000, description: 'HTML; sanitized before it is stored' }),
    ),
    customFields: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        maxProperties: MAX_FORM_FIELDS,
        description: "Values by the form's field keys; no other keys",
      }),
    ),
    attachmentIds: Type.Optional(
      Type.Array(Uuid, {
        maxItems: 20,
        uniqueItems: true,
        description: 'My uploads (POST /portal/uploads) not yet sent, to send with the request',
      }),
    ),
  },
  { additionalProperties: false },
);
export type FormSubmission = Static<typeof FormSubmissionBody>;
