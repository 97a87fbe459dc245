import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { togetherOrAlone } from './together-or-alone.ts';

describe('together, or each alone', () => {
  test('all at once when that works', async () => {
    const calls: number[][] = [];
    const failures = await togetherOrAlone([1, 2, 3], async (some) => {
      calls.push([...some]);
    });
    assert.deepEqual(calls, [[1, 2, 3]]);
    assert.equal(failures.size, 0);
  });

  test('after a failure together, each alone: only the bad one fails', async () => {
    const calls: number[][] = [];
    const failures = await togetherOrAlone([1, 2, 3], async (some) => {
      calls.push([...some]);
      if (some.includes(2)) throw new Error('two is bad');
    });
    assert.deepEqual(calls, [[1, 2, 3], [1], [2], [3]]);
    assert.deepEqual([...failures.keys()], [2]);
  });

  test('a single item that fails is not tried twice', async () => {
    let calls = 0;
    const failures = await togetherOrAlone(['only'], async () => {
      calls++;
      throw new Error('no');
    });
    assert.equal(calls, 1);
    assert.match(String(failures.get('only')), /no/);
  });
});
