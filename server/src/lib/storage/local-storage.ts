import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertObjectKey } from './object-key.ts';
import type { ObjectStorage } from './storage.ts';

/**
 * Objects as files under one folder: `<root>/<organizationId>/<name>`. Folders are 0700 and files 0600,
 * as only the server process reads them. A file is written under a temporary name and renamed when
 * complete, so a failed or aborted upload never shows under its key.
 */
export class LocalStorage implements ObjectStorage {
  readonly driver = 'local';

  // Folders this process made: each is made once, not before every object (a message accepted is an
  // object; a recursive mkdir was about 40% of the time storing one took in the email benchmark).
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  async put(key: string, body: Readable): Promise<void> {
    const file = this.pathOf(key);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      // The umask can only take bits away, so these folders end up readable by this user alone.
      await mkdir(folder, { recursive: true, mode: 0o700 });
      this.folders.add(folder);
    }
    const partial = `${file}.${randomUUID()}.partial`;
    try {
      await pipeline(body, createWriteStream(partial, { flags: 'wx', mode: 0o600 }));
      await rename(partial, file);
    } catch (error) {
      // Made again by the next put, should the folder have been removed underneath.
      this.folders.delete(folder);
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Readable | null> {
    try {
      const handle = await open(this.pathOf(key), 'r');
      return handle.createReadStream();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return access(this.pathOf(key)).then(
      () => true,
      () => false,
    );
  }

  close(): void {}

  private pathOf(key: string): string {
    assertObjectKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}
