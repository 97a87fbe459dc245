import type { FastifyReply } from 'fastify';
import { notFound } from '../../lib/errors.ts';
import type { ObjectStorage } from '../../lib/storage/storage.ts';
import type { DownloadableAttachment } from './find-downloadable-attachment.ts';

// Images a browser renders without running anything. SVG is not one of them: it can carry scripts.
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Replies with the stored file. Only plain images are shown inline; everything else is a download.
 * The browser is told not to second-guess the type (nosniff) and, should it render the file anyway,
 * to do so in a sandbox without scripts, so an uploaded HTML page cannot act as our origin.
 */
export async function sendAttachment(
  reply: FastifyReply,
  storage: ObjectStorage,
  attachment: DownloadableAttachment,
): Promise<FastifyReply> {
  const content = await storage.get(attachment.storageKey);
  if (!content) {
    reply.log.error({ attachmentId: attachment.id }, 'attachment row without stored content');
    throw notFound('Attachment');
  }
  const inline = INLINE_TYPES.has(attachment.contentType);
  // Only files checked to be UTF-8 throughout are labelled text/*, so the charset is known.
  const contentType = attachment.contentType.startsWith('text/')
    ? `${attachment.contentType}; charset=utf-8`
    : attachment.contentType;
  return reply
    .status(200)
    .headers({
      'content-type': contentType,
      'content-length': String(attachment.sizeBytes),
      'content-disposition': contentDisposition(inline ? 'inline' : 'attachment', attachment.filename),
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      // An attachment's bytes never change; only the people allowed to read it may keep a copy.
      'cache-control': 'private, max-age=86400',
      etag: `"${attachment.sha256}"`,
    })
    .send(content);
}

/** RFC 6266: an ASCII fallback name for old clients and the exact name as UTF-8 (RFC 8187). */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
