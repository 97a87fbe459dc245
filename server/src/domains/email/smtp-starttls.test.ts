import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import nodemailer from 'nodemailer';
import { createTestApp, signUpOrganization, type TestApp } from '../../test/test-app.ts';
import { addSupportAddress, rawMessage, waitProcessed } from './email-test-helpers.ts';
import { type SmtpIntake, startSmtpIntake } from './smtp-intake.ts';

/** A throwaway self-signed certificate for 127.0.0.1, made by the system's openssl; null without one. */
function selfSignedCertificate(): { keyFile: string; certFile: string } | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'actionconnect-tls-'));
  const files = { keyFile: path.join(dir, 'key.pem'), certFile: path.join(dir, 'cert.pem') };
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        files.keyFile,
        '-out',
        files.certFile,
      ],
      { stdio: 'ignore' },
    );
    return files;
  } catch {
    return null;
  }
}

const certificate = selfSignedCertificate();
if (!certificate) console.log('# NOTICE: openssl is not installed; the STARTTLS tests are skipped');

/** Sends with a client that refuses to go on unencrypted: STARTTLS must be offered and must work. */
async function sendOverStartTls(port: number, to: string) {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTLS: true,
    // The certificate is our own throwaway one; what is tested is that the channel is encrypted.
    tls: { rejectUnauthorized: false },
  });
  try {
    const raw = rawMessage({
      from: 'ada@customer.example',
      to,
      subject: 'Over TLS',
      text: 'Encrypted, I hope.',
    });
    return await transport.sendMail({ envelope: { from: 'ada@customer.example', to: [to] }, raw });
  } finally {
    transport.close();
  }
}

describe('SMTP intake with STARTTLS', { skip: !certificate }, () => {
  let harness: TestApp;
  let support: string;
  let organizationId: string;
  let withTls: SmtpIntake;
  let withoutTls: SmtpIntake;

  before(async () => {
    harness = await createTestApp();
    const org = await signUpOrganization(harness.app);
    organizationId = org.organizationId;
    support = await addSupportAddress(harness.app, org);
    const common = { port: 0, host: '127.0.0.1', maxBytes: 200_000, logger: harness.app.log };
    withTls = await startSmtpIntake(harness.app, { ...common, tls: certificate });
    withoutTls = await startSmtpIntake(harness.app, { ...common, tls: null });
  });
  after(async () => {
    await withTls?.close();
    await withoutTls?.close();
    await harness?.close();
  });

  test('with a certificate configured, a client that requires TLS upgrades and its message is stored', async () => {
    const info = await sendOverStartTls(withTls.port, support);
    const id = /Stored as ([0-9a-f-]{36})/.exec(info.response)?.[1] ?? '';
    const row = await waitProcessed(harness.db, organizationId, id);
    assert.equal(row.outcome, 'new_ticket');
  });

  test('without one, STARTTLS is not offered: such a client gives up before sending', async () => {
    await assert.rejects(sendOverStartTls(withoutTls.port, support), /STARTTLS|TLS/i);
  });
});
