const MAX_FILENAME_LENGTH = 200;
const MAX_EXTENSION_LENGTH = 20;
// Control characters, and the bidirectional overrides that make `evil‮fdp.exe` read as `evil.exe.pdf`.
const UNSAFE_CHARACTERS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The name a file is stored and offered under: the last path segment of what the client sent, without
 * control characters, at most 200 characters (keeping the extension). Never used as a path on disk.
 */
export function sanitizeFilename(sent: string | undefined): string {
  const cleaned = (sent ?? '').normalize('NFC').replace(UNSAFE_CHARACTERS, '');
  const base = (cleaned.split(/[/\\]/).pop() ?? '').trim();
  if (/^\.*$/.test(base)) return 'attachment';
  const characters = [...base];
  if (characters.length <= MAX_FILENAME_LENGTH) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? [...base.slice(dot)] : [];
  const kept = extension.length <= MAX_EXTENSION_LENGTH ? extension : [];
  return characters.slice(0, MAX_FILENAME_LENGTH - kept.length).join('') + kept.join('');
}
