import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runInKeyOrder } from './keyed-order.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

type Item = { name: string; keys: string[]; steps: number; fails?: boolean };

async function trace(items: Item[]): Promise<{ log: string[]; error: unknown }> {
  const log: string[] = [];
  let error: unknown = null;
  try {
    await runInKeyOrder(
      items,
      (item) => item.keys,
      async (item) => {
        log.push(`${item.name} start`);
        for (let step = 0; step < item.steps; step++) await tick();
        if (item.fails) throw new Error(`${item.name} failed`);
        log.push(`${item.name} end`);
      },
    );
  } catch (caught) {
    error = caught;
  }
  return { log, error };
}

test('items with no key in common run side by side', async () => {
  const { log } = await trace([
    { name: 'a', keys: ['x'], steps: 3 },
    { name: 'b', keys: ['y'], steps: 1 },
  ]);
  assert.deepEqual(log, ['a start', 'b start', 'b end', 'a end']);
});

test('an item sharing any key with earlier ones waits for all of them, in order', async () => {
  const { log } = await trace([
    { name: 'a', keys: ['x'], steps: 3 },
    { name: 'b', keys: ['y'], steps: 5 },
    { name: 'c', keys: ['x', 'y'], steps: 1 },
    { name: 'd', keys: ['x'], steps: 1 },
  ]);
  assert.ok(log.indexOf('c start') > log.indexOf('a end'));
  assert.ok(log.indexOf('c start') > log.indexOf('b end'));
  assert.ok(log.indexOf('d start') > log.indexOf('c end'));
});

test('a failure waits for every other item, then is thrown; later items of its key still run', async () => {
  const { log, error } = await trace([
    { name: 'a', keys: ['x'], steps: 1, fails: true },
    { name: 'b', keys: ['x'], steps: 1 },
    { name: 'c', keys: ['z'], steps: 6 },
  ]);
  assert.equal((error as Error).message, 'a failed');
  assert.ok(log.includes('b end'));
  assert.ok(log.includes('c end'), 'the long item finished before the error came back');
});
