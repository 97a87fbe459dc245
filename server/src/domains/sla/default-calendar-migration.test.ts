import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { openDatabase } from '../../db/client.ts';
import { listMigrations, migrate } from '../../db/migrate.ts';

const SLA_MIGRATION = 20;

test('migration 0020 gives every existing organization a default calendar in its time zone', async (t) => {
  if (process.env.DATABASE_URL) {
    t.skip('needs a database of its own; the shared PostgreSQL test database is already migrated');
    return;
  }
  const db = await openDatabase({ databaseUrl: null, dataDir: null });
  try {
    // The database as it was before SLA calendars, recorded so that migrate() applies only the rest.
    await db.exec(
      'create table schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
    );
    for (const migration of listMigrations().filter(({ version }) => version < SLA_MIGRATION)) {
      await db.transaction(async (tx) => {
        await tx.exec(migration.sql);
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [
          migration.version,
          migration.name,
        ]);
      });
    }
    const organizations = [
      { id: randomUUID(), timeZone: 'America/New_York' },
      { id: randomUUID(), timeZone: 'Asia/Kolkata' },
    ];
    for (const { id, timeZone } of organizations) {
      await db.query(
        `insert into organizations (id, slug, name, time_zone, default_language) values ($1, $2, 'Old org', $3, 'en')`,
        [id, `old-${id.slice(0, 8)}`, timeZone],
      );
    }

    const applied = await migrate(db);
    assert.equal(applied[0], '20_sla_calendars_policies');

    const calendars = await db.query<{
      organization_id: string;
      name: string;
      is_default: boolean;
      spec: unknown;
    }>('select organization_id, name, is_default, spec from sla_calendars order by organization_id');
    const weekday = [['09:00', '17:00']];
    assert.deepEqual(
      calendars,
      organizations
        .sort((a, b) => a.id.localeCompare(b.id))
        .map(({ id, timeZone }) => ({
          organization_id: id,
          name: 'Business hours',
          is_default: true,
          spec: {
            timeZone,
            hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday },
            holidays: [],
            specialHours: [],
          },
        })),
    );
  } finally {
    await db.close();
  }
});
