import { createContext, runInContext } from 'node:vm';
import { AppError } from '../../lib/errors.ts';

/**
 * How long one regular expression may run against one text. JavaScript's engine backtracks, so a
 * pattern like `(a+)+$` can take exponential time; it runs in a vm context whose timeout interrupts
 * it, and a pattern that runs out of time does not match (the run log says why).
 */
export const REGEX_TIME_LIMIT_MS = 50;

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
  const context = createContext({ pattern, flags: ignoreCase ? 'iu' : 'u', text });
  try {
    const matched = runInContext('new RegExp(pattern, flags).test(text)', context, {
      timeout: REGEX_TIME_LIMIT_MS,
    });
    return { matched: matched === true, timedOut: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')
      return { matched: false, timedOut: true };
    throw error;
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any of the words or phrases, whole (not inside a longer word) and in any case. */
export function containsAnyWord(text: string, words: readonly string[]): boolean {
  return words.some((word) =>
    new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(word.trim())}(?![\\p{L}\\p{N}_])`, 'iu').test(text),
  );
}
