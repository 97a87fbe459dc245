import assert from 'node:assert/strict';
import { test } from 'node:test';
import { splitMbox } from './mbox.ts';

test('an mbox splits at From lines after a blank line, unescapes >From, and keeps 8-bit bytes', () => {
  const mbox = Buffer.concat([
    Buffer.from(
      'From a@example.com Tue Nov 24 10:00:00 2026\nSubject: One\n\n>From the start, escaped by the writer\n',
    ),
    Buffer.from('>>From twice\ncaf'),
    Buffer.from([0xe9]),
    Buffer.from('\n\nFrom b@example.com Tue Nov 24 11:00:00 2026\nSubject: Two\n\nBody\n'),
  ]);
  const [one, two, ...rest] = splitMbox(mbox);
  assert.equal(rest.length, 0);
  assert.ok(one && two);
  assert.equal(two.toString(), 'Subject: Two\n\nBody\n');
  assert.ok(
    one.toString('latin1').includes('\n\nFrom the start, escaped by the writer\n>From twice\ncaf\u00e9'),
  );
});
