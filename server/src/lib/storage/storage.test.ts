import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigError, loadConfig, type StorageConfig } from '../../config.ts';
import { startTestS3Server, type TestS3Server } from './s3-test-server.ts';
import { createStorage, type ObjectStorage, objectKey } from './storage.ts';

const SECRET_KEY = 'k'.repeat(40);

/** A stream of `bytes` in 64 KiB chunks, the way a network upload arrives. */
function streamOf(bytes: Buffer): Readable {
  return Readable.from(
    (function* () {
      for (let offset = 0; offset < bytes.length; offset += 65_536)
        yield bytes.subarray(offset, offset + 65_536);
    })(),
  );
}

/** A stream that yields some bytes and then fails, like a client that disconnects mid-upload. */
function failingStream(): Readable {
  return Readable.from(
    (async function* () {
      yield randomBytes(100_000);
      throw new Error('client went away');
    })(),
  );
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Driver = {
  storage: ObjectStorage;
  /** Whether the object is physically at `<organization folder or prefix>/<name>`, checked without the driver. */
  storedAt(organizationId: string, name: string): Promise<boolean>;
  close(): Promise<void>;
};

async function localDriver(): Promise<Driver> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-storage-'));
  const config = loadConfig({ DATA_DIR: dataDir, SECRET_KEY });
  assert.deepEqual(config.storage, { driver: 'local', directory: path.join(dataDir, 'attachments') });
  return {
    storage: createStorage(config.storage),
    storedAt: async (organizationId, name) => {
      const folder = path.join(dataDir, 'attachments', organizationId);
      assert.equal(statSync(folder).mode & 0o777, 0o700, 'organization folder is private');
      assert.equal(statSync(path.join(folder, name)).mode & 0o777, 0o600, 'file is private');
      return true;
    },
    close: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function s3Driver(): Promise<Driver> {
  const server: TestS3Server = await startTestS3Server('tenants/');
  const config = loadConfig({ DATA_DIR: tmpdir(), SECRET_KEY, ...server.env }).storage;
  assert.equal(config.driver, 's3');
  const s3Config = config as Extract<StorageConfig, { driver: 's3' }>;
  const raw = new S3Client({
    region: s3Config.region,
    endpoint: server.env.S3_ENDPOINT,
    forcePathStyle: true,
    credentials: { accessKeyId: s3Config.accessKeyId, secretAccessKey: s3Config.secretAccessKey },
  });
  const storage = createStorage(config);
  return {
    storage,
    storedAt: async (organizationId, name) => {
      const key = `tenants/${organizationId}/${name}`;
      await raw.send(new HeadObjectCommand({ Bucket: s3Config.bucket, Key: key }));
      return true;
    },
    close: async () => {
      storage.close();
      raw.destroy();
      await server.close();
    },
  };
}

for (const [name, start] of [
  ['local', localDriver],
  ['s3', s3Driver],
] as const) {
  describe(`${name} storage`, () => {
    let driver: Driver;
    const organizationId = randomUUID();
    before(async () => {
      driver = await start();
    });
    after(() => driver.close());

    test('a multi-megabyte stream comes back byte for byte', async () => {
      const bytes = randomBytes(7 * 1024 * 1024 + 123);
      const key = objectKey(organizationId, randomUUID());
      await driver.storage.put(key, streamOf(bytes));
      const stored = await driver.storage.get(key);
      assert.ok(stored);
      assert.equal(sha256(await readAll(stored)), sha256(bytes));
      assert.equal(await driver.storage.exists(key), true);
    });

    test('a missing key reads as null and deleting it is not an error', async () => {
      const key = objectKey(organizationId, randomUUID());
      assert.equal(await driver.storage.get(key), null);
      assert.equal(await driver.storage.exists(key), false);
      await driver.storage.delete(key);
    });

    test('delete removes the object', async () => {
      const key = objectKey(organizationId, randomUUID());
      await driver.storage.put(key, streamOf(Buffer.from('short-lived')));
      await driver.storage.delete(key);
      assert.equal(await driver.storage.exists(key), false);
      assert.equal(await driver.storage.get(key), null);
    });

    test('a stream that fails part-way leaves nothing under its key', async () => {
      const key = objectKey(organizationId, randomUUID());
      await assert.rejects(driver.storage.put(key, failingStream()));
      assert.equal(await driver.storage.exists(key), false);
    });

    test("each organization's objects sit in its own folder or prefix", async () => {
      const other = randomUUID();
      const objectName = randomUUID();
      await driver.storage.put(objectKey(other, objectName), streamOf(Buffer.from('theirs')));
      assert.ok(await driver.storedAt(other, objectName));
      assert.equal(await driver.storage.exists(objectKey(organizationId, objectName)), false);
    });

    test('keys that could escape an organization are refused', async () => {
      const bad = [
        `${organizationId}/../${randomUUID()}/x`,
        `${organizationId}/..`,
        `../${organizationId}/x`,
        `not-an-organization/x`,
        `${organizationId}`,
        `${organizationId}//x`,
        `${organizationId}/.hidden`,
      ];
      for (const key of bad) {
        await assert.rejects(driver.storage.get(key), /Invalid storage key/, key);
        await assert.rejects(driver.storage.put(key, streamOf(Buffer.from('x'))), /Invalid storage key/, key);
      }
    });
  });
}

describe('storage configuration', () => {
  test('s3 without a bucket or credentials stops the start', () => {
    const base = { SECRET_KEY, DATA_DIR: tmpdir(), STORAGE_DRIVER: 's3' };
    const complete = { S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret' };
    for (const missing of Object.keys(complete)) {
      const env = { ...base, ...complete, [missing]: undefined };
      assert.throws(() => loadConfig(env), ConfigError, missing);
    }
    const config = loadConfig({ ...base, ...complete });
    assert.deepEqual(config.storage, {
      driver: 's3',
      endpoint: null,
      region: 'us-east-1',
      bucket: 'b',
      accessKeyId: 'id',
      secretAccessKey: 'secret',
      prefix: '',
      forcePathStyle: false,
    });
  });

  test('attachment limits default to 25 MiB per file and 10 GiB per organization', () => {
    const config = loadConfig({ SECRET_KEY, DATA_DIR: tmpdir() });
    assert.equal(config.attachmentMaxBytes, 25 * 1024 * 1024);
    assert.equal(config.attachmentQuotaBytes, 10 * 1024 * 1024 * 1024);
    assert.throws(() => loadConfig({ SECRET_KEY, STORAGE_DRIVER: 'ftp' }), /STORAGE_DRIVER/);
  });
});
