import { randomUUID } from 'node:crypto';
import { access, mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
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

  async put(key: string, body: Readable | Buffer): Promise<void> {
    const file = this.pathOf(key);
    const folder = path.dirname(file);
    if (!this.folders.has(folder)) {
      // The umask can only take bits away, so these folders end up readable by this user alone.
      await mkdir(folder, { recursive: true, mode: 0o700 });
      this.folders.add(folder);
    }
    const partial = `${file}.${randomUUID()}.partial`;
    try {
      const handle = await open(partial, 'wx', 0o600);
      try {
        if (Buffer.isBuffer(body)) await handle.writeFile(body);
        else for await (const chunk of body) await handle.write(chunk as Buffer);
        // On disk before it shows under its key: a message is acknowledged once put (and its row
        // committed), and must not be lost to a power cut after that.
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rename(partial, file);
      await this.syncFolder(folder);
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

  // Per folder: the sync under way, and the one that will follow it for those who asked meanwhile.
  private readonly folderSyncs = new Map<string, { running: Promise<void>; next: Promise<void> | null }>();

  /**
   * Makes a folder's entries (a file just renamed into it) durable, as a file's own sync does not.
   * Files put side by side (messages arriving together) share one sync: a sync started after a
   * rename covers it, so whoever asks while one is running waits for the next, which starts when it
   * ends, once for all of them.
   */
  private syncFolder(folder: string): Promise<void> {
    const syncs = this.folderSyncs.get(folder);
    if (!syncs) {
      const running = syncFolderEntries(folder).finally(() => this.folderSyncs.delete(folder));
      this.folderSyncs.set(folder, { running, next: null });
      return running;
    }
    // Started once the running one has ended (and left the map), as the only one then.
    syncs.next ??= syncs.running.then(
      () => this.syncFolder(folder),
      () => this.syncFolder(folder),
    );
    return syncs.next;
  }

  private pathOf(key: string): string {
    assertObjectKey(key);
    return path.join(this.root, ...key.split('/'));
  }
}

async function syncFolderEntries(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
