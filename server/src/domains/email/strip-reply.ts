import EmailReplyParser from 'email-reply-parser';
import sanitizeHtml from 'sanitize-html';

/**
 * How much of a text the reply parser reads. Its patterns backtrack worse than linearly (upstream:
 * crisp-oss/email-reply-parser#39; its cure, the optional `re2`, is a native build): a 270 KB text on
 * one line took 37 s, a crafted 16 KB one 0.6 s. The new part of a reply is at its top.
 */
const PARSED_HEAD = 8 * 1024;

/** The new part of a plain-text reply: quoted history and signature removed (email-reply-parser). */
export function stripPlainReply(text: string): string {
  if (text.length <= PARSED_HEAD) return new EmailReplyParser().parseReply(text).trim();
  const lineEnd = text.lastIndexOf('\n', PARSED_HEAD);
  const head = new EmailReplyParser().read(text.slice(0, lineEnd > 0 ? lineEnd : PARSED_HEAD));
  // No quote or signature begins in the head: the new part runs past it, so the whole text is kept.
  if (!head.getFragments().some((fragment) => fragment.isHidden())) return text.trim();
  return head.getVisibleText().trim();
}

/**
 * The new part of an HTML reply, as text. Mail clients wrap the quoted history in markup of their own,
 * which is a surer sign than any text pattern: those containers are removed, everything after a
 * client's "original message" divider is dropped, and the rest goes through the plain-text stripper
 * for what markup does not mark (attribution lines above a quote, signatures, Outlook header blocks).
 */
export function stripHtmlReply(html: string): string {
  return stripPlainReply(htmlToText(removeQuotedHtml(html)));
}

type Attributes = Record<string, string>;

const hasClass = (attribs: Attributes, name: string) => (attribs.class ?? '').split(/\s+/).includes(name);

/** Elements that hold quoted history, with their content (Gmail, Apple Mail, Thunderbird, Yahoo, Proton). */
function isQuoteContainer(tag: string, attribs: Attributes): boolean {
  if (tag === 'blockquote') return attribs.type === 'cite' || hasClass(attribs, 'gmail_quote');
  if (tag !== 'div') return false;
  return ['gmail_quote', 'gmail_quote_container', 'moz-cite-prefix', 'yahoo_quoted', 'protonmail_quote'].some(
    (name) => hasClass(attribs, name),
  );
}

const OUTLOOK_DIVIDER_IDS = ['divRplyFwdMsg', 'appendonsend', 'mail-editor-reference-message-container'];

/**
 * Dividers after which everything is the previous message: Hotmail's <hr id="stopSpelling">, Zimbra's
 * <hr id="zwchr">, the ids Outlook's web and mobile clients give the reply header, and Outlook
 * desktop's header box (a div with only a solid top border).
 */
function isHistoryDivider(tag: string, attribs: Attributes): boolean {
  if (tag === 'hr') return attribs.id === 'stopSpelling' || attribs.id === 'zwchr';
  if (attribs.id && OUTLOOK_DIVIDER_IDS.includes(attribs.id)) return true;
  return tag === 'div' && /border:\s*none;\s*border-top:\s*solid/i.test(attribs.style ?? '');
}

function removeQuotedHtml(html: string): string {
  let afterDivider = false;
  return sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    // The result is only turned into text below, never shown, so no tag is a risk here.
    allowVulnerableTags: true,
    onOpenTag: (tag, attribs) => {
      if (isHistoryDivider(tag, attribs)) afterDivider = true;
    },
    textFilter: (text) => (afterDivider ? '' : text),
    exclusiveFilter: (frame) => isQuoteContainer(frame.tag, frame.attribs),
  });
}

const NOT_TEXT = ['head', 'title', 'style', 'script', 'noscript', 'template', 'textarea', 'option'];
const LINE_END = /<(br|hr|\/div|\/li|\/tr|\/h[1-6]|\/pre|\/table)\b[^>]*>/gi;

/**
 * Text of an HTML body: source whitespace collapsed as a browser does, a line per block and a blank
 * line after each paragraph and quotation (which is also what lets the plain-text stripper see Outlook's
 * "From: … Sent: …" paragraph as the start of a quote).
 */
export function htmlToText(html: string): string {
  const lines = html
    .replace(/\s+/g, ' ')
    .replace(LINE_END, '\n')
    .replace(/<\/(p|blockquote)\b[^>]*>/gi, '\n\n');
  const text = sanitizeHtml(lines, { allowedTags: [], allowedAttributes: {}, nonTextTags: NOT_TEXT })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/\u00a0/g, ' ');
  return text
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
