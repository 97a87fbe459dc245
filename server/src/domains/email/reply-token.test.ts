import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { replyToken, replyTokenKey, ticketNumberOfToken, tokenCandidates } from './reply-token.ts';

const key = replyTokenKey('test-secret-key-that-is-long-enough-0123456789');
const orgA = '01a20f27-c6f0-7528-abd8-f86db5197bac';
const orgB = '01a20f27-c6f0-7528-abd8-000000000000';

describe('reply tokens', () => {
  test('a token names its ticket number, in its own organization only', () => {
    const token = replyToken(key, orgA, 1042);
    assert.match(token, /^ac1042-[0-9a-f]{16}$/);
    assert.equal(ticketNumberOfToken(key, orgA, token), 1042);
    assert.equal(ticketNumberOfToken(key, orgA, token.toUpperCase()), 1042, 'mail servers may change case');
    assert.equal(ticketNumberOfToken(key, orgB, token), null);
  });

  test('a changed number, MAC or key is refused', () => {
    const mac = replyToken(key, orgA, 1042).split('-')[1];
    assert.equal(ticketNumberOfToken(key, orgA, `ac1043-${mac}`), null);
    assert.equal(ticketNumberOfToken(key, orgA, 'ac1042-0123456789abcdef'), null);
    const otherKey = replyTokenKey('another-secret-key-that-is-long-enough-98765');
    assert.equal(ticketNumberOfToken(otherKey, orgA, replyToken(key, orgA, 1042)), null);
  });

  test('candidates come from Message-IDs and plus-addressed recipients', () => {
    const token = replyToken(key, orgA, 7);
    assert.deepEqual(
      tokenCandidates(
        [`<${token}.abc123@help.example>`, '<unrelated@mail.example>'],
        [`support+${token}@help.example`, 'support@help.example', 'someone+tag@mail.example'],
      ),
      [token, token],
    );
  });
});
