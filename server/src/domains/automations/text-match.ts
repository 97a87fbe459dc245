import { type Context, createContext, Script } from 'node:vm';
import { AppError } from '../../lib/errors.ts';

/**
 * How long one regular expression may run against one text. JavaScript's engine backtracks, so a
 * pattern like `(a+)+$` can take exponential time; it runs in a vm context whose timeout interrupts
 * it, and a pattern that runs out of time does not match (the run log says why). The limit is wall
 * time: on a loaded server a 50 ms limit cut off ordinary patterns that only waited for a core, and
 * the shapes that backtrack for ever are refused on save anyway, so this is the backstop.
 */
export const REGEX_TIME_LIMIT_MS = 250;

const MATCH_SCRIPT = new Script('new RegExp(pattern, flags).test(text)');
/** One context for the process: making a V8 context per match cost more than most matches. */
let matchContext: Context | null = null;

/** A group that ends in a quantifier and is itself repeated: the classic shape of exponential backtracking. */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}]\)(?:[+*]|\{\d+,\d*\})/;

/** Checks a rule's pattern when it is saved: it must compile and not repeat a repeated group. */
export function assertSafePattern(pattern: string, field: string): void {
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new AppError('unprocessable', `Not a valid regular expression: ${(error as Error).message}`, {
      field,
    });
  }
  if (NESTED_QUANTIFIER.test(pattern)) {
    throw new AppError('unprocessable', 'A repeated group that itself repeats can take exponential time', {
      field,
    });
  }
}

export function regexMatches(
  pattern: string,
  ignoreCase: boolean,
  text: string,
): { matched: boolean; timedOut: boolean } {
  matchContext ??= createContext({});
  Object.assign(matchContext, { pattern, flags: ignoreCase ? 'iu' : 'u', text });
  try {
    const matched = MATCH_SCRIPT.runInContext(matchContext, { timeout: REGEX_TIME_LIMIT_MS });
    return { matched: matched === true, timedOut: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { matched: false, timedOut: true };
    throw error;
  } finally {
    // The text may be a customer's message: not kept past the match.
    Object.assign(matchContext, { pattern: '', text: '' });
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any of the words or phrases, whole (not inside a longer word) and in any case. */
export function containsAnyWord(text: string, words: readonly string[]): boolean {
  return words.some((word) =>
    new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(word.trim())}(?![\\p{L}\\p{N}_])`, 'iu').test(text),
  );
}
