import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from './ids.ts';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

test('ids are version-7 UUIDs, unique, and sort in the order they were made, within a millisecond too', () => {
  const ids = Array.from({ length: 20_000 }, () => newId());
  for (const id of ids) assert.match(id, UUID_V7);
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
});

test('ids carry the time they were made', () => {
  const before = Date.now();
  const id = newId();
  const msecs = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
  assert.ok(msecs >= before && msecs <= Date.now() + 1, `${msecs} not near ${before}`);
});
