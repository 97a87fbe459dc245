import { Type } from 'typebox';
import { Email, Timestamp } from '../../lib/http-schemas.ts';
import { MIN_PASSWORD_LENGTH } from '../../lib/passwords.ts';
import { OrganizationSchema } from '../organizations/organizations.schemas.ts';
import { AgentSchema } from '../people/people.schemas.ts';

export const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 200 });

export const LogInBody = Type.Object(
  {
    email: Email,
    password: Type.String({ minLength: 1, maxLength: 200 }),
    organization: Type.Optional(Type.String({ description: "The organization's slug", maxLength: 60 })),
  },
  { additionalProperties: false },
);

/** What a browser needs after signing in: who it is and the CSRF token to send with writes. */
export const SignedInSchema = Type.Object({
  agent: AgentSchema,
  organization: OrganizationSchema,
  csrfToken: Type.String(),
  expiresAt: Timestamp,
});

export const MeSchema = Type.Object({
  agent: AgentSchema,
  organization: OrganizationSchema,
  authMethod: Type.Union([Type.Literal('session'), Type.Literal('api_token'), Type.Literal('cli')]),
  /** Browser sessions only: the CSRF token again, so a reloaded page can keep writing. */
  csrfToken: Type.Optional(Type.String()),
});

export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  { additionalProperties: false },
);

export const PasswordResetRequestBody = Type.Object(
  {
    email: Email,
    organization: Type.Optional(
      Type.String({ description: "The organization's slug, if the email is in several", maxLength: 60 }),
    ),
  },
  { additionalProperties: false },
);

export const PasswordResetRequested = Type.Object({ message: Type.String() });

export const PasswordResetCompleteBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200, description: 'From the reset link' }),
    password: Password,
  },
  { additionalProperties: false },
);
