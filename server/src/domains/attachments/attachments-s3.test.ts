import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { startTestS3Server, type TestS3Server } from '../../lib/storage/s3-test-server.ts';
import {
  assertError,
  call,
  createTestApp,
  signUpOrganization,
  type TestApp,
  type TestOrganization,
} from '../../test/test-app.ts';
import { createTicket, tinyPng, uploadFile } from './attachment-test-helpers.ts';
import type { AttachmentSummary } from './attachments.schemas.ts';

// The whole upload and download flow with STORAGE_DRIVER=s3, against a real S3-compatible server.
describe('attachments in S3', () => {
  let s3: TestS3Server;
  let raw: S3Client;
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  let ticketA: string;

  before(async () => {
    s3 = await startTestS3Server('helpdesk/');
    raw = new S3Client({
      region: 'us-east-1',
      endpoint: s3.env.S3_ENDPOINT,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    harness = await createTestApp(s3.env);
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
    ticketA = (await createTicket(harness.app, orgA.owner.session)).id;
  });
  after(async () => {
    await harness.close();
    raw.destroy();
    await s3.close();
  });

  const objectsOf = async (org: TestOrganization) => {
    const listed = await raw.send(
      new ListObjectsV2Command({ Bucket: s3.env.S3_BUCKET, Prefix: `helpdesk/${org.organizationId}/` }),
    );
    return (listed.Contents ?? []).map((object) => object.Key);
  };

  test('uploads land under the organization prefix and download byte for byte', async () => {
    assert.equal(harness.app.storage.driver, 's3');
    const png = tinyPng();
    const image = (
      await uploadFile(harness.app, orgA.owner.session, ticketA, { filename: 'shot.html', content: png })
    ).json<AttachmentSummary>();
    assert.equal(image.contentType, 'image/png');
    const content = randomBytes(6 * 1024 * 1024);
    const large = await uploadFile(harness.app, orgA.owner.session, ticketA, {
      filename: 'big.bin',
      content,
    });
    assert.equal(large.statusCode, 201, large.body);
    const big = large.json<AttachmentSummary>();
    assert.equal(big.sha256, createHash('sha256').update(content).digest('hex'));
    assert.deepEqual(
      (await objectsOf(orgA)).sort(),
      [`helpdesk/${orgA.organizationId}/${image.id}`, `helpdesk/${orgA.organizationId}/${big.id}`].sort(),
    );

    const served = await call(harness.app, 'GET', `/api/v1/attachments/${big.id}`, {
      as: orgA.owner.session,
    });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'application/octet-stream');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    assert.match(String(served.headers['content-disposition']), /^attachment; .*filename\*=UTF-8''big\.bin$/);
    assert.deepEqual(served.rawPayload, content);
    const foreign = await call(harness.app, 'GET', `/api/v1/attachments/${big.id}`, {
      as: orgB.owner.session,
    });
    assertError(foreign, 404, 'not_found');
  });

  test('a file over the limit is aborted after its first parts went up, and leaves no object', async () => {
    const org = await signUpOrganization(harness.app, 'Small');
    const ticket = (await createTicket(harness.app, org.owner.session)).id;
    await call(harness.app, 'PATCH', '/api/v1/organization', {
      as: org.owner.session,
      body: { attachmentMaxBytes: 6 * 1024 * 1024 },
    });
    const content = randomBytes(7 * 1024 * 1024);
    const response = await uploadFile(harness.app, org.owner.session, ticket, { filename: 'x.bin', content });
    assertError(response, 413, 'payload_too_large', { reason: 'file_size' });
    assert.deepEqual(await objectsOf(org), []);
  });
});
