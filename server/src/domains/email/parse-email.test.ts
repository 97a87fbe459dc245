import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { parseEmail } from './parse-email.ts';

const readFixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url));
const parseFixture = async (name: string) => parseEmail(await readFixture(name));

describe('parsing a raw email', () => {
  test('a Gmail reply: addresses, date, ids and References in order, the new part without the quote', async () => {
    const email = await parseFixture('gmail-reply.eml');
    assert.equal(email.subject, 'Re: [#1042] Printer offline');
    assert.deepEqual(email.from, { address: 'ada@example.com', name: 'Ada Lovelace' });
    assert.deepEqual(email.to, [{ address: 'support@acme.test', name: 'Acme Support' }]);
    assert.deepEqual(email.cc, [{ address: 'charles@example.com', name: 'Charles Babbage' }]);
    assert.equal(email.date?.toISOString(), '2026-11-03T09:15:02.000Z');
    assert.equal(email.messageId, '<CAF=gmail-reply-1@mail.gmail.com>');
    assert.equal(email.inReplyTo, '<ticket-1042.a2@support.acme.test>');
    assert.deepEqual(email.references, [
      '<ticket-1042.a1@support.acme.test>',
      '<ticket-1042.a2@support.acme.test>',
    ]);
    assert.match(email.text, /^Thanks, restarting the spooler fixed it\.[\s\S]*> Could you restart/);
    assert.equal(email.strippedText, 'Thanks, restarting the spooler fixed it.\n\nAda');
    assert.equal(email.headers['return-path'], '<ada@example.com>');
  });

  test('an Outlook reply has no References, only Thread-Index and Thread-Topic, which are kept', async () => {
    const email = await parseFixture('outlook-reply.eml');
    assert.equal(email.inReplyTo, null);
    assert.deepEqual(email.references, []);
    assert.equal(email.headers['thread-index'], 'AQHbLx1Fq0yLnT0kxkW5hC3W1Xw6xA==');
    assert.equal(email.headers['thread-topic'], 'Invoice 2026-114 is wrong');
    assert.equal(email.strippedText, 'The amount should be 120 EUR, not 210 EUR.\nBrian');
  });

  test('an Apple Mail reply: References folded over lines, the cited quote removed', async () => {
    const email = await parseFixture('apple-mail-reply.eml');
    assert.deepEqual(email.references, [
      '<ticket-77.x0@support.acme.test>',
      '<ticket-77.x1@support.acme.test>',
    ]);
    assert.equal(email.strippedText, 'The new link works, thank you!');
    assert.match(email.html ?? '', /<blockquote>.*valid for one hour/, 'the full HTML keeps the quote');
  });

  test('HTML is sanitized as comments are: no script, no class or id attributes', async () => {
    const email = await parseFixture('inline-image-and-attachment.eml');
    assert.ok(email.html);
    assert.doesNotMatch(email.html, /script|alert/);
    const gmail = await parseFixture('gmail-reply.eml');
    assert.doesNotMatch(gmail.html ?? '', /class=|style=/);
    assert.match(gmail.html ?? '', /rel="noopener noreferrer nofollow"/);
  });

  test('an inline image and an attachment: names, types, sizes, sha256, content and the inline flag', async () => {
    const email = await parseFixture('inline-image-and-attachment.eml');
    const [image, pdf] = email.attachments;
    assert.ok(image && pdf);
    assert.deepEqual(
      { ...image, content: undefined },
      {
        filename: 'error.png',
        contentType: 'image/png',
        size: 70,
        sha256: '6b7fa434f92a8b80aab02d9bf1a12e49ffcae424e4013a1c4f68b67e3d2bbcd0',
        contentId: '<error-shot@example.com>',
        inline: true,
        content: undefined,
      },
    );
    assert.equal(createHash('sha256').update(image.content).digest('hex'), image.sha256);
    assert.equal(image.content.subarray(1, 4).toString(), 'PNG');
    assert.equal(pdf.filename, 'server-log.pdf');
    assert.equal(pdf.contentType, 'application/pdf');
    assert.equal(pdf.inline, false);
    assert.equal(pdf.content.subarray(0, 5).toString(), '%PDF-');
    assert.match(email.html ?? '', /<img alt="error.png" src="data:image\/png;base64,iVBOR/);
  });

  test('ISO-8859-1 quoted-printable: body, encoded-word subject and sender name decode to Unicode', async () => {
    const email = await parseFixture('latin1-quoted-printable.eml');
    assert.equal(email.subject, 'Rechnung für März');
    assert.equal(email.from?.name, 'Jürgen Müller');
    assert.equal(email.text, 'Grüße aus München! Die Rechnung für März ist unvollständig.\n\nJürgen');
  });

  test('ISO-2022-JP: Japanese subject, name and body decode', async () => {
    const email = await parseFixture('iso-2022-jp.eml');
    assert.equal(email.subject, '請求書について');
    assert.equal(email.from?.name, '山田太郎');
    assert.equal(email.text, 'お世話になっております。\n請求書の金額が違います。');
  });

  test('the headers loop protection needs are kept, unfolded, and the report type of a DSN', async () => {
    const auto = await parseFixture('auto-reply.eml');
    assert.deepEqual(auto.headers, { 'return-path': '<>', 'auto-submitted': 'auto-replied (vacation)' });
    const bounce = await parseFixture('bounce-dsn.eml');
    assert.deepEqual(bounce.contentType, { type: 'multipart/report', reportType: 'delivery-status' });
    const list = await parseEmail(
      Buffer.from(
        'From: a@example.com\r\nList-Id: Announcements\r\n <news.example.com>\r\nSubject: x\r\n\r\nhi\r\n',
      ),
    );
    assert.deepEqual(list.headers, { 'list-id': 'Announcements <news.example.com>' });
  });

  test('a message with no headers to speak of still parses, with empty fields rather than errors', async () => {
    const email = await parseEmail(Buffer.from('\r\njust a line\r\n'));
    assert.equal(email.subject, '');
    assert.equal(email.from, null);
    assert.equal(email.messageId, null);
    assert.deepEqual(email.references, []);
    assert.equal(email.text, 'just a line');
    assert.equal(email.strippedText, 'just a line');
    assert.equal(email.html, null);
  });
});
