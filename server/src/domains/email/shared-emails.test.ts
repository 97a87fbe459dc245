// Real-world messages from other projects' test suites, kept outside the repository in
// ../shared/data/emails (see its README): each input has an .expected.json naming its kind. A clone
// without that folder skips these tests with a notice; the fixtures beside this file cover the core.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import { commentBody } from '../tickets/comment-body.ts';
import { parseEmail } from './parse-email.ts';
import { stripHtmlReply, stripPlainReply } from './strip-reply.ts';

const DATA = new URL('../../../../../shared/data/emails/', import.meta.url);

type Expectation = {
  kind: 'reply_strip_plain' | 'reply_strip_html' | 'threading_headers' | 'mime_parse';
  raw_file: string;
  expected_reply_text?: string;
  expected?: Record<string, unknown>;
};
type Sample = { name: string; raw: Buffer; expectation: Expectation };

/**
 * Expectations our libraries do not meet, each with the reason. They run as `todo`: reported, not
 * hidden, and a change that makes one pass shows up as a passing todo.
 */
const KNOWN_MISSES: Record<string, string> = {
  'github_email_reply_parser/email_2_1.txt':
    'email-reply-parser does not take "*From:*" (Gmail\'s plain rendering of a bold Outlook header) for a quote header',
  'github_email_reply_parser/email_2_2.txt':
    'email-reply-parser needs a blank line above "From: …"; here a line of underscores is directly above it',
  'github_email_reply_parser/email_sent_from_my_not_signature.txt':
    'email-reply-parser treats any line starting "Sent from " as a signature; the Ruby original only a short one',
  'talon_standard_replies/android.eml':
    'the Russian quote header is split over two lines, which email-reply-parser does not join (the HTML part, stripped by markup, gives "Hello")',
  'talon_standard_replies/iphone.eml':
    'talon keeps signatures and expects "Sent from my iPhone"; we remove it, as github/email_reply_parser\'s email_iPhone expects',
  'talon_standard_replies/sparrow.eml':
    'talon keeps signatures and expects the "-- " signature block; we remove signatures',
};

function loadSamples(): Sample[] {
  return readdirSync(DATA, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.expected.json'))
    .sort()
    .map((file) => {
      const expectation = JSON.parse(readFileSync(new URL(file, DATA), 'utf8')) as Expectation;
      const name = file.replace(/[^/]+$/, expectation.raw_file);
      return { name, raw: readFileSync(new URL(name, DATA)), expectation };
    });
}

const withoutSpace = (text: string) => text.replace(/\s+/g, '');
const normalised = (text: string) => text.replace(/\s+/g, ' ').trim();

async function checkPlainReply({ name, raw, expectation }: Sample) {
  // A whole message's first text/plain part, transfer-decoded; otherwise the file is the body.
  const body = name.endsWith('.eml') ? ((await simpleParser(raw)).text ?? '') : raw.toString('utf8');
  // Our stripped text is trimmed by design: a fragment's trailing newline is not content.
  assert.equal(stripPlainReply(body), expectation.expected_reply_text?.trim());
}

function checkHtmlReply({ raw, expectation }: Sample) {
  assert.equal(
    withoutSpace(stripHtmlReply(raw.toString('utf8'))),
    withoutSpace(expectation.expected_reply_text ?? ''),
  );
}

async function checkThreading({ raw, expectation }: Sample) {
  assert.deepEqual((await parseEmail(raw)).references, expectation.expected?.references);
}

/** Our HTML is the sanitized body, so the expected HTML goes through the same sanitizer first. */
async function checkMime({ raw, expectation }: Sample) {
  const email = await parseEmail(raw);
  const expected = expectation.expected ?? {};
  if (typeof expected.text === 'string') assert.equal(normalised(email.text), normalised(expected.text));
  if (typeof expected.html === 'string') {
    assert.equal(normalised(email.html ?? ''), normalised(commentBody({ html: expected.html }).html));
  }
  if (expected.subject) assert.equal(email.subject, expected.subject);
  if (expected.to) assert.deepEqual(email.to, expected.to);
  if (expected.attachments_count) assert.equal(email.attachments.length, expected.attachments_count);
  const md5 = expected['attachments[2].md5'];
  if (md5)
    assert.equal(
      createHash('md5')
        .update(email.attachments[2]?.content ?? '')
        .digest('hex'),
      md5,
    );
  if (typeof expected.html_contains === 'string') assert.ok(email.html?.includes(expected.html_contains));
  // to_text is mailparser's own rendering of the header; we keep the structured addresses instead.
}

const CHECKS: Record<Expectation['kind'], (sample: Sample) => unknown> = {
  reply_strip_plain: checkPlainReply,
  reply_strip_html: checkHtmlReply,
  threading_headers: checkThreading,
  mime_parse: checkMime,
};

const present = existsSync(DATA);
if (!present) console.log(`NOTICE: ${DATA.pathname} is absent; the real-world email tests are skipped.`);

describe('real-world emails from ../shared/data/emails', { skip: !present && 'no shared email data' }, () => {
  const samples = present ? loadSamples() : [];
  const tally = new Map<string, { passed: number; total: number }>();

  test('every message parses without error', async () => {
    const messages = samples.filter((sample) => sample.name.endsWith('.eml'));
    assert.ok(messages.length > 0);
    for (const { name, raw } of messages) await assert.doesNotReject(parseEmail(raw), name);
  });

  for (const sample of samples) {
    const { kind } = sample.expectation;
    test(`${kind}: ${sample.name}`, { todo: KNOWN_MISSES[sample.name] ?? false }, async () => {
      const count = tally.get(kind) ?? { passed: 0, total: 0 };
      tally.set(kind, { ...count, total: count.total + 1 });
      await CHECKS[kind](sample);
      const counted = tally.get(kind) ?? count;
      tally.set(kind, { ...counted, passed: counted.passed + 1 });
    });
  }

  after(() => {
    for (const [kind, { passed, total }] of tally)
      console.log(`shared emails, ${kind}: ${passed}/${total} pass`);
  });
});
