import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK_KEY = 7_411_300_001;

export type Migration = { version: number; name: string; sql: string };

export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'),
    }));
}

/** Applies every migration not yet recorded, each in its own transaction; returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    version integer primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    const ran = await db.transaction(async (tx) => {
      // Several processes may start at once against one database: one applies, the others wait and skip.
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (done.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (ran) applied.push(`${migration.version}_${migration.name}`);
  }
  return applied;
}

/** True when every migration shipped with this build is recorded as applied. */
export async function isFullyMigrated(db: Database): Promise<boolean> {
  const expected = listMigrations().map((migration) => migration.version);
  const rows = await db.query<{ version: number }>('select version from schema_migrations');
  const appliedVersions = new Set(rows.map((row) => row.version));
  return expected.every((version) => appliedVersions.has(version));
}
