import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/** A real S3-compatible server on a random loopback port, storing into a temporary folder (tests only). */
export type TestS3Server = {
  /** The environment that points ActionConnect at this server. */
  env: Record<string, string>;
  close(): Promise<void>;
};

// s3rver checks request signatures against its one built-in key pair.
const ACCESS_KEY = 'S3RVER';

export async function startTestS3Server(prefix = 'actionconnect/'): Promise<TestS3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), 'actionconnect-s3-'));
  const bucket = 'attachments';
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    env: {
      STORAGE_DRIVER: 's3',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_BUCKET: bucket,
      S3_ACCESS_KEY_ID: ACCESS_KEY,
      S3_SECRET_ACCESS_KEY: ACCESS_KEY,
      S3_PREFIX: prefix,
      S3_FORCE_PATH_STYLE: 'true',
    },
    close: async () => {
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
