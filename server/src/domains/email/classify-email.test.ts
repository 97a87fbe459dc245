import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { bounceOf, isAutomatic } from './classify-email.ts';
import { parseEmail } from './parse-email.ts';

const parseFixture = async (name: string) =>
  parseEmail(await readFile(new URL(`./fixtures/${name}`, import.meta.url)));

/** A plain message from a person with the given extra header lines. */
const withHeaders = (...lines: string[]) =>
  parseEmail(
    Buffer.from([...lines, 'From: Ada <ada@example.com>', 'Subject: Hello', '', 'Hi', ''].join('\r\n')),
  );

describe('recognising mail sent by machines', () => {
  test('a person writing is not automatic', async () => {
    assert.deepEqual(isAutomatic(await parseFixture('gmail-reply.eml')), { automatic: false, reason: null });
    assert.deepEqual(isAutomatic(await withHeaders('Auto-Submitted: no')), {
      automatic: false,
      reason: null,
    });
  });

  test('Auto-Submitted with any value but "no", even with a comment, is automatic (RFC 3834)', async () => {
    assert.deepEqual(isAutomatic(await parseFixture('auto-reply.eml')), {
      automatic: true,
      reason: 'auto-submitted',
    });
    assert.equal(isAutomatic(await withHeaders('Auto-Submitted: auto-generated')).reason, 'auto-submitted');
    assert.equal(isAutomatic(await withHeaders('Auto-Submitted: No')).automatic, false);
  });

  test('an out-of-office with only X-Autoreply is automatic', async () => {
    assert.deepEqual(isAutomatic(await parseFixture('out-of-office.eml')), {
      automatic: true,
      reason: 'x-autoreply',
    });
    assert.equal(isAutomatic(await withHeaders('X-Autorespond: on')).reason, 'x-autorespond');
  });

  test('Precedence bulk, list and junk are automatic; other precedences are not', async () => {
    for (const value of ['bulk', 'list', 'junk', 'Bulk']) {
      assert.equal(isAutomatic(await withHeaders(`Precedence: ${value}`)).reason, 'precedence', value);
    }
    assert.equal(isAutomatic(await withHeaders('Precedence: first-class')).automatic, false);
  });

  test('mailing-list mail (List-Id or List-Unsubscribe) is automatic', async () => {
    assert.equal(isAutomatic(await withHeaders('List-Id: <news.example.com>')).reason, 'mailing-list');
    assert.equal(
      isAutomatic(await withHeaders('List-Unsubscribe: <mailto:u@example.com>')).reason,
      'mailing-list',
    );
  });

  test('mail from one of our own addresses is a loop, whatever its case', async () => {
    const email = await withHeaders();
    assert.equal(isAutomatic(email, ['support@acme.test']).automatic, false);
    assert.deepEqual(isAutomatic(email, ['Ada@Example.com']), { automatic: true, reason: 'own-address' });
  });
});

describe('recognising bounces', () => {
  test('a delivery-status report gives the original Message-ID, the recipient, the status and the action', async () => {
    assert.deepEqual(bounceOf(await parseFixture('bounce-dsn.eml')), {
      sign: 'delivery-status',
      originalMessageId: '<ticket-1060.c9@support.acme.test>',
      recipient: 'nobody@example.com',
      status: '5.1.1',
      action: 'failed',
    });
  });

  test('a MAILER-DAEMON or postmaster message without a report: the Message-ID quoted in its text', async () => {
    const quoted = [
      'From: postmaster@mail.example.org',
      'Subject: Delivery failure',
      '',
      'Your message could not be delivered.',
      '',
      '--- Original message ---',
      'Message-ID: <ticket-9.z1@support.acme.test>',
      'Subject: [#9] Hello',
      '',
    ].join('\r\n');
    assert.deepEqual(bounceOf(await parseEmail(Buffer.from(quoted))), {
      sign: 'mailer-daemon',
      originalMessageId: '<ticket-9.z1@support.acme.test>',
      recipient: null,
      status: null,
      action: null,
    });
    const daemon = await parseEmail(
      Buffer.from('From: MAILER-DAEMON@mx.example.org\r\nSubject: failure\r\n\r\nno\r\n'),
    );
    assert.equal(bounceOf(daemon)?.sign, 'mailer-daemon');
  });

  test('an empty Return-Path is a bounce, unless the message says it is an auto-reply (RFC 3834 §3.3)', async () => {
    assert.equal(bounceOf(await withHeaders('Return-Path: <>'))?.sign, 'empty-return-path');
    assert.equal(bounceOf(await parseFixture('auto-reply.eml')), null);
  });

  test('ordinary mail, auto-replies and out-of-office notices are not bounces', async () => {
    for (const name of ['gmail-reply.eml', 'outlook-reply.eml', 'out-of-office.eml', 'auto-reply.eml']) {
      assert.equal(bounceOf(await parseFixture(name)), null, name);
    }
  });
});
