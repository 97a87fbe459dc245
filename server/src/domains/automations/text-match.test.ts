import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../lib/errors.ts';
import { assertSafePattern, containsAnyWord, REGEX_TIME_LIMIT_MS, regexMatches } from './text-match.ts';

describe('text conditions', () => {
  test('words match whole, in any case, phrases included', () => {
    assert.equal(containsAnyWord('Where is my INVOICE?', ['invoice']), true);
    assert.equal(containsAnyWord('Invoices attached', ['invoice']), false);
    assert.equal(containsAnyWord('a refund-request', ['refund']), true);
    assert.equal(containsAnyWord('Please cancel my plan.', ['cancel my plan']), true);
    assert.equal(containsAnyWord('Über die Rechnung', ['über']), true);
    assert.equal(containsAnyWord('price (USD)', ['(usd)']), true, 'special characters are literal');
  });

  test('a pattern that backtracks exponentially is stopped at the time limit and does not match', () => {
    const started = Date.now();
    const result = regexMatches('^(a|aa)+$', false, `${'a'.repeat(80)}!`);
    assert.deepEqual(result, { matched: false, timedOut: true });
    assert.ok(Date.now() - started < REGEX_TIME_LIMIT_MS * 20, 'interrupted, not run to the end');
    assert.deepEqual(regexMatches('order #\\d{4}', false, 'Order #1234'), {
      matched: false,
      timedOut: false,
    });
    assert.deepEqual(regexMatches('order #\\d{4}', true, 'Order #1234'), { matched: true, timedOut: false });
  });

  test('saving refuses patterns that do not compile or repeat a repeated group', () => {
    for (const pattern of ['(a+)+$', '(\\w*)*x', '([a-z]+){2,}', '(x|y+)*']) {
      assert.throws(() => assertSafePattern(pattern, 'pattern'), AppError, pattern);
    }
    assert.throws(() => assertSafePattern('([a-z]', 'pattern'), AppError);
    for (const pattern of ['order #\\d{4}', '^invoice', '(foo|bar)+', '\\(a+\\)+']) {
      assert.doesNotThrow(() => assertSafePattern(pattern, 'pattern'), pattern);
    }
  });
});
