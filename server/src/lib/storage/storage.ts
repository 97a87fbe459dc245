import type { Readable } from 'node:stream';
import type { StorageConfig } from '../../config.ts';

export { assertObjectKey, objectKey } from './object-key.ts';

import { LocalStorage } from './local-storage.ts';
import { S3Storage } from './s3-storage.ts';

/**
 * Where file contents live, apart from the database: a folder or an S3-compatible bucket. A key is
 * `<organizationId>/<name>`, so every organization's objects sit in their own folder or prefix.
 */
export interface ObjectStorage {
  readonly driver: StorageConfig['driver'];
  /**
   * Stores `body` (bytes at hand, or everything a stream yields) under `key`, durably: once this
   * resolves, the object survives a crash of the machine. If the stream fails, nothing is left under `key`.
   */
  put(key: string, body: Readable | Buffer): Promise<void>;
  /** The stored bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Readable | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Releases connections (the S3 client's sockets). */
  close(): void;
}

export function createStorage(config: StorageConfig): ObjectStorage {
  return config.driver === 'local' ? new LocalStorage(config.directory) : new S3Storage(config);
}
