import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { type DKIMSignOptions, dkimSign } from 'mailauth';
import { dnsTable } from './email-test-helpers.ts';
import { verifySender } from './verify-sender.ts';

// A DNS of our own: example.com publishes SPF for one IP, a DKIM key and a strict DMARC policy, its
// mail host SPF for the same IP; unknown.example publishes nothing. No test reaches the internet.
const SENDER_IP = '192.0.2.10';
const STRANGER_IP = '198.51.100.7';

const newKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const publishedKey = newKey();

const DNS: Record<string, string[][]> = {
  'TXT example.com': [['v=spf1 ip4:192.0.2.10 -all']],
  'TXT mail.example.com': [['v=spf1 ip4:192.0.2.10 -all']],
  'TXT s1._domainkey.example.com': [
    [
      `v=DKIM1; k=rsa; p=${publishedKey.publicKey.export({ type: 'spki', format: 'der' }).toString('base64')}`,
    ],
  ],
  'TXT _dmarc.example.com': [['v=DMARC1; p=reject']],
};

const resolver = dnsTable(DNS);

const message = (from: string, body = 'Hello from Ada') =>
  [
    `From: Ada <${from}>`,
    'To: support@acme.test',
    'Subject: Hello',
    'Date: Mon, 9 Nov 2026 08:00:00 +0100',
    'Message-ID: <hello-1@example.com>',
    '',
    body,
    '',
  ].join('\r\n');

async function signed(text: string, privateKey = publishedKey.privateKey) {
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' });
  // mailauth's typings want the key fields at the top level, but its signer reads only signatureData.
  // signTime is given because without it mailauth reads the clock twice (for the signed and for the
  // written header), and a second ticking over in between makes a bad signature.
  const options = {
    signTime: new Date(),
    signatureData: [{ signingDomain: 'example.com', selector: 's1', privateKey: pem }],
  };
  const result = await dkimSign(text, options as DKIMSignOptions);
  assert.deepEqual(result.errors, []);
  return result.signatures;
}

const connection = (ip: string, sender: string) => ({
  ip,
  helo: 'mail.example.com',
  mtaHostname: 'mx.acme.test',
  sender,
  resolver,
});

describe('verifying the sender (SPF, DKIM, DMARC)', () => {
  test('a signed message from an IP the domain allows passes all three, the signature aligned', async () => {
    const text = message('ada@example.com');
    const raw = Buffer.from((await signed(text)) + text);
    assert.deepEqual(await verifySender(raw, connection(SENDER_IP, 'ada@example.com')), {
      spf: { result: 'pass', domain: 'example.com' },
      dkim: [{ result: 'pass', domain: 'example.com', selector: 's1', aligned: true }],
      dmarc: { result: 'pass', domain: 'example.com', policy: 'reject' },
    });
  });

  test('DKIM alone carries DMARC when the message comes through a host SPF does not list', async () => {
    const text = message('ada@example.com');
    const verification = await verifySender(
      Buffer.from((await signed(text)) + text),
      connection(STRANGER_IP, 'ada@example.com'),
    );
    assert.equal(verification.spf.result, 'fail');
    assert.equal(verification.dkim[0]?.result, 'pass');
    assert.equal(verification.dmarc.result, 'pass');
  });

  test('a forgery of the address from elsewhere, unsigned, fails SPF and DMARC', async () => {
    const raw = Buffer.from(message('ada@example.com'));
    assert.deepEqual(await verifySender(raw, connection(STRANGER_IP, 'ada@example.com')), {
      spf: { result: 'fail', domain: 'example.com' },
      dkim: [],
      dmarc: { result: 'fail', domain: 'example.com', policy: 'reject' },
    });
  });

  test('a signature by a key the domain did not publish fails, and so does DMARC', async () => {
    const text = message('ada@example.com');
    const raw = Buffer.from((await signed(text, newKey().privateKey)) + text);
    const verification = await verifySender(raw, connection(STRANGER_IP, 'ada@example.com'));
    assert.equal(verification.dkim[0]?.result, 'fail');
    assert.equal(verification.dmarc.result, 'fail');
  });

  test('a body changed after signing does not pass DKIM', async () => {
    const signature = await signed(message('ada@example.com'));
    const raw = Buffer.from(signature + message('ada@example.com', 'Please pay invoice 666 to account 1234'));
    const verification = await verifySender(raw, connection(STRANGER_IP, 'ada@example.com'));
    assert.notEqual(verification.dkim[0]?.result, 'pass');
    assert.equal(verification.dmarc.result, 'fail');
  });

  test('with the null sender of a bounce, SPF checks the HELO name', async () => {
    const raw = Buffer.from(message('mailer-daemon@mail.example.com'));
    const verification = await verifySender(raw, connection(SENDER_IP, ''));
    assert.deepEqual(verification.spf, { result: 'pass', domain: 'mail.example.com' });
  });

  test('a domain that publishes nothing gets "none" everywhere, not a failure', async () => {
    const raw = Buffer.from(message('bob@unknown.example'));
    assert.deepEqual(await verifySender(raw, connection(STRANGER_IP, 'bob@unknown.example')), {
      spf: { result: 'none', domain: 'unknown.example' },
      dkim: [],
      dmarc: { result: 'none', domain: 'unknown.example', policy: null },
    });
  });
});
