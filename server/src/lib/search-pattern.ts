/** A search text as an ILIKE "contains" pattern, matched literally: its `%`, `_` and `\` are escaped. */
export const containsPattern = (q: string | undefined): string | null =>
  q === undefined ? null : `%${q.replace(/[\\%_]/g, '\\$&')}%`;
