import { AppError } from '../../lib/errors.ts';

/** Accepts IANA zone names only, as the SLA calendars will compute in them. */
export function assertTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new AppError('validation_failed', `Unknown time zone: ${timeZone}`, { field: 'timeZone' });
  }
}

/** Returns the canonical form of a BCP 47 tag (pt-br becomes pt-BR). */
export function canonicalLanguage(tag: string): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    if (canonical) return canonical;
  } catch {
    // reported below
  }
  throw new AppError('validation_failed', `Not a language tag: ${tag}`, { field: 'defaultLanguage' });
}

export function slugFromName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 32)
    .replace(/-+$/, '');
  return slug.length >= 3 ? slug : `org-${slug || 'team'}`;
}
