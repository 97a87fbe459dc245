import { type Static, Type } from 'typebox';
import { Timestamp, Uuid } from '../../lib/http-schemas.ts';

export const AttachmentSummarySchema = Type.Object({
  id: Uuid,
  ticketId: Type.Union([Uuid, Type.Null()], {
    description: "Null for a customer's portal upload until the request it is sent with exists",
  }),
  commentId: Type.Union([Uuid, Type.Null()], { description: 'Null until a comment is posted with it' }),
  filename: Type.String(),
  contentType: Type.String({ description: 'Sniffed from the content, never taken from the client' }),
  sizeBytes: Type.Integer(),
  sha256: Type.String({ description: 'SHA-256 of the content, lowercase hex' }),
  createdAt: Timestamp,
});
export type AttachmentSummary = Static<typeof AttachmentSummarySchema>;

/** Who uploaded a file: only they can attach it to a comment. */
export type Uploader = { type: 'agent' | 'contact'; id: string };

/**
 * The upload's body for validation and the OpenAPI document. The multipart body is streamed by the
 * handler rather than parsed into `request.body`, which therefore stays empty (hence nullable).
 */
export const UploadBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        nullable: true,
        required: ['file'],
        properties: { file: { type: 'string', format: 'binary', description: 'The file; one per request' } },
      },
    },
  },
};

export const AttachmentContent = Type.Unsafe<unknown>({
  type: 'string',
  format: 'binary',
  description:
    'The stored bytes with their sniffed Content-Type; images (PNG, JPEG, GIF, WebP) inline, anything else as a download',
});
