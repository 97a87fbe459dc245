import Mustache, { type TemplateSpans } from 'mustache';
import { AppError } from '../../lib/errors.ts';

/** The only names a template may use: a typo is refused when saving, never discovered when replying. */
export const PLACEHOLDERS = [
  'ticket.number',
  'ticket.subject',
  'ticket.status',
  'ticket.priority',
  'requester.name',
  'requester.first_name',
  'requester.email',
  'agent.name',
  'agent.first_name',
  'agent.email',
  'organization.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const KNOWN: ReadonlySet<string> = new Set(PLACEHOLDERS);

/** A checked template: literal text and known placeholders, in order. */
export type TemplatePiece = { text: string } | { placeholder: string };

// Mustache features beyond plain `{{name}}`, each refused with the reason a client can show.
const REFUSED: Record<string, { reason: string; message: string }> = {
  '#': { reason: 'section', message: 'Sections ({{#…}}) are not supported' },
  '^': { reason: 'section', message: 'Inverted sections ({{^…}}) are not supported' },
  '>': { reason: 'partial', message: 'Partials ({{>…}}) are not supported' },
  '&': { reason: 'unescaped', message: 'Unescaped placeholders ({{{…}}} or {{&…}}) are not supported' },
  '!': { reason: 'comment', message: 'Comments ({{!…}}) are not supported' },
  '=': { reason: 'delimiters', message: 'Changing delimiters ({{=…=}}) is not supported' },
};

const invalid = (message: string, details: Record<string, unknown>) =>
  new AppError('unprocessable', message, { field: 'body', ...details });

/**
 * Parses a body with mustache's own parser, so what counts as a tag is exactly what mustache says,
 * and accepts only text and known `{{name}}` placeholders (the canned-response ones unless the
 * caller's kind of template knows more).
 */
export function parseTemplate(body: string, known: ReadonlySet<string> = KNOWN): TemplatePiece[] {
  let spans: TemplateSpans;
  try {
    // A writer of its own per parse: Mustache.parse would keep every template it sees in a
    // process-wide cache that never shrinks.
    spans = new Mustache.Writer().parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw invalid(`The template is malformed: ${detail}`, { reason: 'malformed' });
  }
  return spans.map(([type, value]): TemplatePiece => {
    if (type === 'text') return { text: value };
    if (type === 'name') {
      if (known.has(value)) return { placeholder: value };
      throw invalid(`Unknown placeholder {{${value}}}`, {
        reason: 'unknown_placeholder',
        placeholder: value,
      });
    }
    const refused = REFUSED[type] ?? { reason: 'unsupported', message: `Unsupported tag {{${type}…}}` };
    throw invalid(refused.message, { reason: refused.reason, placeholder: value });
  });
}

/** Plain text with each placeholder replaced by its value as is; escaping is the HTML view's job. */
export const renderTemplate = (pieces: TemplatePiece[], values: Readonly<Record<string, string>>): string =>
  pieces.map((piece) => ('text' in piece ? piece.text : (values[piece.placeholder] ?? ''))).join('');
