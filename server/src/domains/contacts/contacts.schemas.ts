import { type Static, Type } from 'typebox';
import { Email, Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const ContactSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  name: Type.String(),
  phone: Type.String(),
  company: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Contact = Static<typeof ContactSchema>;

const contactFields = {
  name: Type.Optional(Type.String({ maxLength: 200 })),
  phone: Type.Optional(Type.String({ maxLength: 50, pattern: '^[0-9+()./\\s-]*$' })),
  company: Type.Optional(Type.String({ maxLength: 200 })),
};

export const CreateContactBody = Type.Object(
  { email: Email, ...contactFields },
  { additionalProperties: false },
);

export const UpdateContactBody = Type.Object(
  { email: Type.Optional(Email), ...contactFields },
  { additionalProperties: false, minProperties: 1 },
);
export type ContactChanges = Static<typeof UpdateContactBody>;
