import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from './client.ts';
import { listMigrations, migrate } from './migrate.ts';

test('migrations are numbered, named SQL files applied once, in order, even when started twice at once', async (t) => {
  if (process.env.DATABASE_URL) {
    t.skip('needs a database of its own; the shared PostgreSQL test database is already migrated');
    return;
  }
  const migrations = listMigrations();
  assert.deepEqual(
    migrations.map((migration) => migration.version),
    migrations.map((_, index) => index + 1),
  );
  const db = await openDatabase({ databaseUrl: null, dataDir: null });
  try {
    const config = loadConfig({ LOG_LEVEL: 'silent', SECRET_KEY: 'x'.repeat(40), DATA_DIR: '/tmp' });
    const app = await buildApp({ config, db });
    await db.exec(
      'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    const notReady = await app.inject({ method: 'GET', url: '/ready' });
    assert.equal(notReady.statusCode, 503);
    assert.deepEqual(notReady.json(), { status: 'migrations pending' });

    const [first, second] = await Promise.all([migrate(db), migrate(db)]);
    assert.equal(first.length + second.length, migrations.length);
    assert.deepEqual(await migrate(db), []);
    const recorded = await db.query<{ version: number; name: string }>(
      'select version, name from schema_migrations order by version',
    );
    assert.deepEqual(
      recorded,
      migrations.map(({ version, name }) => ({ version, name })),
    );
    assert.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200);
    await app.close();
  } finally {
    await db.close();
  }
});
