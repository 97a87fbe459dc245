import sanitizeHtml from 'sanitize-html';
import { AppError } from '../../lib/errors.ts';

// Formatting survives; scripts, event handlers, styles and forms do not. Images may only be inline
// data or our own attachments (relative URLs), so opening a comment loads nothing from elsewhere: a
// remote image keeps its address in data-remote-src, for the console to load only when the agent asks
// (so tracking pixels stay unfired).
const LINK_ATTRIBUTES = { rel: 'noopener noreferrer nofollow', target: '_blank' };

const HTML_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'span', 'del', 'ins', 'sup', 'sub'],
  allowedAttributes: {
    a: ['href', 'title', 'rel', 'target'],
    img: ['src', 'data-remote-src', 'alt', 'title', 'width', 'height'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', LINK_ATTRIBUTES),
    img: (tagName, { src = '', alt = '', title = '', width = '', height = '' }) => {
      const remote = /^https?:/i.test(src.trim());
      const kept = { alt, title, width, height };
      return { tagName, attribs: remote ? { ...kept, 'data-remote-src': src } : { ...kept, src } };
    },
  },
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src && !frame.attribs['data-remote-src'],
};

export type CommentBody = { text: string; html: string };

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text becomes paragraphs of escaped HTML; HTML is sanitized and its text kept for search and email. */
export function commentBody(input: { body?: string; html?: string }): CommentBody {
  if (input.html?.trim()) {
    const html = sanitizeHtml(input.html, HTML_POLICY).trim();
    const text = (input.body?.trim() || htmlToText(html)).trim();
    if (!text && !html.includes('<img')) throw emptyBody();
    return { text, html };
  }
  const text = input.body?.trim() ?? '';
  if (!text) throw emptyBody();
  const html = text
    .split(/\n{2,}/)
    .map((paragraph) => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return { text, html };
}

function htmlToText(html: string): string {
  const withBreaks = html.replace(/<(br|\/p|\/div|\/li|\/h[1-6])\b[^>]*>/gi, '\n');
  const text = sanitizeHtml(withBreaks, { allowedTags: [], allowedAttributes: {} });
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n');
}

const emptyBody = () => new AppError('validation_failed', 'A comment needs a body', { field: 'body' });
