import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { htmlToText, stripHtmlReply, stripPlainReply } from './strip-reply.ts';

const REPLY = '<div>Yes, that fixed it.</div>';
const QUOTE_TEXT = 'Have you tried turning it off and on again?';

describe('stripping quoted history from a reply', () => {
  test('plain text: the quote header, the quote and a mobile signature go', () => {
    const text = `Yes, that fixed it.\n\nSent from my iPhone\n\nOn Mon, 2 Nov 2026 at 16:01, Support <support@acme.test> wrote:\n> ${QUOTE_TEXT}\n`;
    assert.equal(stripPlainReply(text), 'Yes, that fixed it.');
  });

  test("plain text: Outlook's underscore line and header block go", () => {
    const text = `Yes, that fixed it.\n\n________________________________\nFrom: Support <support@acme.test>\nSent: 02 November 2026 16:01\n\n${QUOTE_TEXT}\n`;
    assert.equal(stripPlainReply(text), 'Yes, that fixed it.');
  });

  test('a long text: a quote that starts near its top still goes; without one the whole text stays', () => {
    const history = `> ${'A long, long thread of earlier messages. '.repeat(8000)}\n`;
    const chain = `Yes, that fixed it.\n\nOn Mon, 2 Nov 2026 at 16:01, Support <support@acme.test> wrote:\n${history}`;
    assert.equal(stripPlainReply(chain), 'Yes, that fixed it.');
    // One 270 KB line kept the parser busy for over half a minute before it read only the head.
    const log = `Here is the log:\n\n${'0123456789abcdef '.repeat(16 * 1024)}`;
    assert.equal(stripPlainReply(log), log.trim());
  });

  const containers: [string, string][] = [
    [
      'Gmail',
      `<div class="gmail_quote"><div class="gmail_attr">On Mon wrote:</div><blockquote class="gmail_quote">${QUOTE_TEXT}</blockquote></div>`,
    ],
    [
      'Apple Mail',
      `<div>On 2 Nov 2026, at 16:01, Support wrote:<br><blockquote type="cite">${QUOTE_TEXT}</blockquote></div>`,
    ],
    [
      'Thunderbird',
      `<div class="moz-cite-prefix">On 02/11/2026 16:01, Support wrote:</div><blockquote type="cite">${QUOTE_TEXT}</blockquote>`,
    ],
    [
      'Proton',
      `<div class="protonmail_quote">On Monday, Support wrote:<blockquote>${QUOTE_TEXT}</blockquote></div>`,
    ],
    ['Yahoo', `<div class="yahoo_quoted"><div>On Monday, Support wrote:</div><div>${QUOTE_TEXT}</div></div>`],
  ];
  for (const [client, quote] of containers) {
    test(`HTML: ${client}'s quote container goes with its attribution line`, () => {
      assert.equal(stripHtmlReply(`${REPLY}<br>${quote}`), 'Yes, that fixed it.');
    });
  }

  const dividers: [string, string][] = [
    [
      'Outlook on the web',
      '<div id="appendonsend"></div><hr><div id="divRplyFwdMsg"><b>From:</b> Support</div>',
    ],
    [
      'Outlook desktop',
      '<div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p><b>From:</b> Support</p></div>',
    ],
    ['Hotmail', '<hr id="stopSpelling">Date: Mon, 2 Nov 2026<br>From: support@acme.test'],
    ['Zimbra', '<hr id="zwchr"><b>From: </b>support@acme.test<br>'],
  ];
  for (const [client, divider] of dividers) {
    test(`HTML: everything after ${client}'s divider goes, even outside the divider`, () => {
      assert.equal(
        stripHtmlReply(`<div>${REPLY}${divider}<div>${QUOTE_TEXT}</div></div>`),
        'Yes, that fixed it.',
      );
    });
  }

  test('HTML: a blockquote the writer used on purpose, without a client mark, stays', () => {
    const html = `<p>The manual says:</p><blockquote>${QUOTE_TEXT}</blockquote><p>Did not help.</p>`;
    assert.equal(stripHtmlReply(html), `The manual says:\n\n${QUOTE_TEXT}\n\nDid not help.`);
  });
});

describe('turning an HTML body into text', () => {
  test('whitespace collapses as in a browser, blocks and breaks become lines, entities decode, no head', () => {
    const html =
      '<style>p { color: red }</style><div>Fish &amp; chips</div><div>a\n   b<br>c&nbsp;&lt;d&gt;</div><p>e</p><p>f</p>';
    assert.equal(htmlToText(html), 'Fish & chips\na b\nc <d>\ne\n\nf');
  });
});
