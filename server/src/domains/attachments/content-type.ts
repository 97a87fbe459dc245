import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes are kept for sniffing: what file-type itself reads from a stream. */
export const SNIFF_BYTES = 4100;

const HTML_START =
  /^(?:\s|\ufeff)*<(?:!doctype html|html|head|body|script|iframe|style|title|table|div|font|h1|br|p|a|b|!--)[\s>/]/i;
const SVG_START =
  /^(?:\s|\ufeff)*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*(?:<!doctype svg[^>]*>\s*)?<svg[\s>]/i;

/**
 * The type of a file from its first bytes, never from its name or the client's word. Binary formats
 * come from file-type's signatures. A file it does not know is text when the whole of it is valid
 * UTF-8 without NUL bytes: HTML or SVG when it starts like one (as browsers would sniff it, so it is
 * labelled and served as what it is, as a download), text/plain otherwise. Anything else is
 * application/octet-stream.
 */
export async function sniffContentType(head: Uint8Array, isUtf8Text: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  if (!isUtf8Text) return 'application/octet-stream';
  const text = Buffer.from(head).toString('utf8');
  if (HTML_START.test(text)) return 'text/html';
  if (SVG_START.test(text)) return 'image/svg+xml';
  return 'text/plain';
}
