import { type TSchema, Type } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const Timestamp = Type.String({ format: 'date-time' });
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const HexColor = Type.String({ pattern: '^#[0-9a-fA-F]{6}$', description: 'A color as #rrggbb' });
export const Name = (maxLength = 200) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

export const IdParams = Type.Object({ id: Uuid });

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { $id: 'ErrorResponse' },
);

export const PageQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
};

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as `cursor` to get the next page; null on the last page',
    }),
  });

/** The error responses a public route can give, for the OpenAPI document. */
export const publicErrorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorResponse]));

/** The error responses an authenticated route can give: 401 and 403 always, and those named. */
export const errorResponses = (...statuses: number[]) => publicErrorResponses(401, 403, ...statuses);

export const NoContent = Type.Null({ description: 'No content' });
