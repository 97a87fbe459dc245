import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { withTenant } from '../../db/tenant.ts';
import {
  addAgent,
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { createTicket, multipartBody, tinyPng, uploadFile } from './attachment-test-helpers.ts';
import type { AttachmentSummary } from './attachments.schemas.ts';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const HTML = Buffer.from('<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>');

describe('attachments', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let ticketA: string;

  before(async () => {
    harness = await createTestApp({ ATTACHMENT_MAX_BYTES: String(8 * 1024 * 1024) });
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    ticketA = (await createTicket(harness.app, orgA.owner.session)).id;
  });
  after(() => harness.close());

  const upload = (
    org: TestOrganization,
    ticketId: string,
    filename: string,
    content: Buffer,
    type?: string,
  ) => uploadFile(harness.app, org.owner.session, ticketId, { filename, content, contentType: type });
  const download = (org: TestOrganization, id: string) =>
    call(harness.app, 'GET', `/api/v1/attachments/${id}`, { as: org.owner.session });
  const folderOf = (org: TestOrganization) =>
    path.join(harness.config.dataDir, 'attachments', org.organizationId);
  const storedFiles = (org: TestOrganization) =>
    existsSync(folderOf(org)) ? readdirSync(folderOf(org)) : [];
  const rowCount = (org: TestOrganization) =>
    withTenant(harness.db, org.organizationId, async (tx) => {
      const [row] = await tx.query<{ count: number }>(
        'select count(*)::int as count from attachments where organization_id = $1',
        [org.organizationId],
      );
      return row?.count ?? 0;
    });
  const setLimits = (org: TestOrganization, body: Record<string, number | null>) =>
    call(harness.app, 'PATCH', '/api/v1/organization', { as: org.owner.session, body });

  test('a PNG named evil.html and sent as text/html is stored and served as the image it is', async () => {
    const png = tinyPng();
    const response = await upload(orgA, ticketA, 'evil.html', png, 'text/html');
    assert.equal(response.statusCode, 201, response.body);
    const attachment = response.json<AttachmentSummary>();
    assert.deepEqual(
      { ...attachment, id: '', createdAt: '' },
      {
        id: '',
        ticketId: ticketA,
        commentId: null,
        filename: 'evil.html',
        contentType: 'image/png',
        sizeBytes: png.length,
        sha256: sha256(png),
        createdAt: '',
      },
    );
    const served = await download(orgA, attachment.id);
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/png');
    assert.equal(
      served.headers['content-disposition'],
      `inline; filename="evil.html"; filename*=UTF-8''evil.html`,
    );
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['content-security-policy']), /sandbox/);
    assert.deepEqual(served.rawPayload, png);
  });

  test('an HTML file is labelled text/html but only ever downloaded, never rendered', async () => {
    const response = await upload(orgA, ticketA, 'page.png', HTML, 'image/png');
    const attachment = response.json<AttachmentSummary>();
    assert.equal(attachment.contentType, 'text/html');
    const served = await download(orgA, attachment.id);
    assert.equal(served.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(served.headers['content-disposition']), /^attachment; /);
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['content-security-policy']), /sandbox/);
    assert.equal(served.body, HTML.toString());
  });

  test('text, SVG and unknown bytes get a type from their content; only safe images are inline', async () => {
    const cases: [Buffer, string, string][] = [
      [Buffer.from('Grüße, the printer is on fire\n'), 'text/plain', 'attachment'],
      [
        Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        'image/svg+xml',
        'attachment',
      ],
      [Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x10]), 'application/octet-stream', 'attachment'],
      [
        Buffer.concat([Buffer.from('almost text'), Buffer.from([0])]),
        'application/octet-stream',
        'attachment',
      ],
      [Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'image/gif', 'inline'],
    ];
    for (const [content, type, disposition] of cases) {
      const attachment = (
        await upload(orgA, ticketA, 'file', content, 'text/html')
      ).json<AttachmentSummary>();
      assert.equal(attachment.contentType, type, content.toString());
      const served = await download(orgA, attachment.id);
      assert.ok(String(served.headers['content-disposition']).startsWith(`${disposition};`), type);
    }
  });

  test('a multi-megabyte file streams to a private file, its size and SHA-256 recorded', async () => {
    const content = randomBytes(3 * 1024 * 1024 + 7);
    const attachment = (await upload(orgA, ticketA, 'dump.bin', content)).json<AttachmentSummary>();
    assert.equal(attachment.sizeBytes, content.length);
    assert.equal(attachment.sha256, sha256(content));
    assert.equal(sha256(readFileSync(path.join(folderOf(orgA), attachment.id))), attachment.sha256);
    const served = await download(orgA, attachment.id);
    assert.equal(served.headers['content-length'], String(content.length));
    assert.equal(sha256(served.rawPayload), attachment.sha256);
  });

  test('file names lose their path, control characters and excess length', async () => {
    const cases: [string, string][] = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\win.ini', 'win.ini'],
      ['..', 'attachment'],
      ['report\u202egpj.exe', 'reportgpj.exe'],
      ['tab\there.txt', 'tabhere.txt'],
      [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(196)}.pdf`],
    ];
    for (const [sent, stored] of cases) {
      const response = await upload(orgA, ticketA, sent, Buffer.from('x'));
      assert.equal(response.json<AttachmentSummary>().filename, stored, sent);
    }
    const unicode = (
      await upload(orgA, ticketA, 'résumé "final".txt', Buffer.from('x'))
    ).json<AttachmentSummary>();
    assert.equal(unicode.filename, 'résumé "final".txt');
    const served = await download(orgA, unicode.id);
    assert.equal(
      served.headers['content-disposition'],
      `attachment; filename="r_sum_ _final_.txt"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.txt`,
    );
  });

  test("another organization gets 404 for the ticket's uploads and the files, and stores nothing", async () => {
    const mine = (await upload(orgA, ticketA, 'secret.txt', Buffer.from('secret'))).json<AttachmentSummary>();
    const before = await rowCount(orgB);
    assertError(await upload(orgB, ticketA, 'intruder.txt', Buffer.from('x')), 404, 'not_found');
    assertError(await download(orgB, mine.id), 404, 'not_found');
    assert.equal(await rowCount(orgB), before);
    assert.deepEqual(storedFiles(orgB), []);
    assertError(await download(orgA, '0190a0a0-0000-7000-8000-000000000000'), 404, 'not_found');
  });

  test('a request without a file part is a 400', async () => {
    const as = orgA.owner.session;
    const url = `/api/v1/tickets/${ticketA}/attachments`;
    assertError(await call(harness.app, 'POST', url, { as, body: { file: 'x' } }), 400, 'validation_failed');
    const wrongPart = multipartBody({ name: 'upload', filename: 'a.txt', content: Buffer.from('x') });
    const response = await call(harness.app, 'POST', url, {
      as,
      body: wrongPart.payload,
      headers: wrongPart.headers,
    });
    assertError(response, 400, 'validation_failed', { field: 'file' });
  });

  describe('limits', () => {
    let org: TestOrganization;
    let ticket: string;
    before(async () => {
      org = await signUpOrganization(harness.app, 'Limited');
      ticket = (await createTicket(harness.app, org.owner.session)).id;
    });

    test('admins lower their limits; not above the instance, not as agents; null returns to it', async () => {
      const set = await setLimits(org, { attachmentMaxBytes: 1000, attachmentQuotaBytes: 2500 });
      assert.equal(set.statusCode, 200, set.body);
      assert.equal(set.json().attachmentMaxBytes, 1000);
      assert.equal(set.json().attachmentQuotaBytes, 2500);
      assertError(await setLimits(org, { attachmentMaxBytes: 9 * 1024 * 1024 }), 400, 'validation_failed', {
        field: 'attachmentMaxBytes',
      });
      assertError(await setLimits(org, { attachmentQuotaBytes: 11 * 1024 ** 3 }), 400, 'validation_failed', {
        field: 'attachmentQuotaBytes',
      });
      assertError(await setLimits(org, { attachmentMaxBytes: 0 }), 400, 'validation_failed');
      const agent = await addAgent(harness.app, org, 'agent');
      const byAgent = await call(harness.app, 'PATCH', '/api/v1/organization', {
        as: agent.session,
        body: { attachmentMaxBytes: 10 },
      });
      assertError(byAgent, 403, 'forbidden');
      const other = await signUpOrganization(harness.app, 'Unlimited');
      const reset = await setLimits(other, { attachmentMaxBytes: 5, attachmentQuotaBytes: null });
      assert.equal(reset.json().attachmentMaxBytes, 5);
      assert.equal((await setLimits(other, { attachmentMaxBytes: null })).json().attachmentMaxBytes, null);
    });

    test('a file over the size limit is refused with 413 and leaves neither row nor file', async () => {
      const response = await upload(org, ticket, 'big.bin', randomBytes(1001));
      assertError(response, 413, 'payload_too_large', { reason: 'file_size', limitBytes: 1000 });
      assert.equal(await rowCount(org), 0);
      assert.deepEqual(storedFiles(org), []);
    });

    test('a file that does not fit the quota is refused with 413; the quota counts every file', async () => {
      assert.equal((await upload(org, ticket, 'one.bin', randomBytes(1000))).statusCode, 201);
      assert.equal((await upload(org, ticket, 'two.bin', randomBytes(1000))).statusCode, 201);
      const third = await upload(org, ticket, 'three.bin', randomBytes(600));
      assertError(third, 413, 'payload_too_large', { reason: 'quota', quotaBytes: 2500, usedBytes: 2000 });
      assert.equal(await rowCount(org), 2);
      assert.equal(storedFiles(org).length, 2);
      assert.equal((await upload(org, ticket, 'fits.bin', randomBytes(500))).statusCode, 201);
    });

    test('uploads racing for the last of the quota: one is kept, the other refused and removed', async () => {
      await setLimits(org, { attachmentQuotaBytes: 2500 + 1500 });
      const results = await Promise.all([
        upload(org, ticket, 'left.bin', randomBytes(1000)),
        upload(org, ticket, 'right.bin', randomBytes(1000)),
      ]);
      assert.deepEqual(results.map((response) => response.statusCode).sort(), [201, 413]);
      assert.equal(await rowCount(org), 4);
      assert.equal(storedFiles(org).length, 4);
    });

    test('files deleted with their ticket give their bytes back to the quota', async () => {
      const doomed = (await createTicket(harness.app, org.owner.session)).id;
      assert.equal((await upload(org, doomed, 'gone.bin', randomBytes(500))).statusCode, 201);
      const full = await upload(org, ticket, 'full.bin', randomBytes(400));
      assertError(full, 413, 'payload_too_large', { reason: 'quota', usedBytes: 4000 });
      // No route deletes a ticket: its rows go as an administrator's clean-up would take them, cascading.
      await withTenant(harness.db, org.organizationId, (tx) =>
        tx.query('delete from tickets where organization_id = $1 and id = $2', [org.organizationId, doomed]),
      );
      assert.equal((await upload(org, ticket, 'room.bin', randomBytes(400))).statusCode, 201);
    });
  });
});
