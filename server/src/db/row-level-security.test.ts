import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, signUpOrganization, type TestApp, type TestOrganization } from '../test/test-app.ts';
import { APP_ROLE, withTenant } from './tenant.ts';

// Tables that are looked up before an organization is known; each is keyed globally on purpose.
const GLOBAL_INDEXES = new Set([
  'organizations_pkey',
  'organizations_slug_key',
  'organizations_portal_host_key',
  'support_addresses_address_key',
  'agents_email_idx',
  // The SLA scheduler's one look across organizations for what is due (each shard answers for its own).
  'sla_timers_next_check_idx',
  // The same look for automation rules' time triggers.
  'automation_time_triggers_due_idx',
]);

describe('row-level security and tenant keys', () => {
  let harness: TestApp;
  let orgA: TestOrganization;
  let orgB: TestOrganization;

  before(async () => {
    harness = await createTestApp();
    orgA = await signUpOrganization(harness.app, 'Org A');
    orgB = await signUpOrganization(harness.app, 'Org B');
  });
  after(() => harness.close());

  test('a query as the application role without an organization setting sees nothing', async () => {
    const counts = await harness.db.transaction(async (tx) => {
      await tx.query(`select set_config('role', $1, true)`, [APP_ROLE]);
      return tx.query<{ agents: number; statuses: number; orgs: number }>(
        `select (select count(*)::int from agents) as agents,
                (select count(*)::int from ticket_statuses) as statuses,
                (select count(*)::int from organizations) as orgs`,
      );
    });
    assert.deepEqual(counts[0], { agents: 0, statuses: 0, orgs: 0 });
  });

  test("an organization's transaction sees its own rows and none of another's, even unfiltered", async () => {
    const seen = await withTenant(harness.db, orgB.organizationId, (tx) =>
      tx.query<{ organization_id: string }>('select distinct organization_id from agents'),
    );
    assert.deepEqual(seen, [{ organization_id: orgB.organizationId }]);
    const other = await withTenant(harness.db, orgB.organizationId, (tx) =>
      tx.query('select id from agents where id = $1', [orgA.owner.id]),
    );
    assert.equal(other.length, 0);
  });

  test('the application role cannot write rows into another organization', async () => {
    await assert.rejects(
      withTenant(harness.db, orgB.organizationId, (tx) =>
        tx.query(
          `insert into teams (organization_id, id, name) values ($1, gen_random_uuid(), 'Intruders')`,
          [orgA.organizationId],
        ),
      ),
      /row-level security/,
    );
  });

  test('the application role cannot switch row-level security off', async () => {
    await assert.rejects(
      withTenant(harness.db, orgA.organizationId, (tx) =>
        tx.query('alter table agents disable row level security'),
      ),
      /must be owner/,
    );
    // With row_security off, Postgres refuses the query rather than skipping the policy.
    await assert.rejects(
      withTenant(harness.db, orgA.organizationId, async (tx) => {
        await tx.query('set local row_security = off');
        return tx.query('select * from agents');
      }),
      /row-level security/,
    );
  });

  test('every tenant table carries organization_id, leads its keys with it and has RLS on', async () => {
    const tables = await harness.db.query<{ table_name: string; rls: boolean; forced: boolean; pk: string }>(
      `select c.relname as table_name, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
              (select string_agg(a.attname, ',' order by k.ord)
                 from pg_index i
                 cross join unnest(i.indkey) with ordinality as k(attnum, ord)
                 join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
                where i.indrelid = c.oid and i.indisprimary) as pk
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and c.relname <> 'schema_migrations'`,
    );
    assert.ok(tables.length >= 12);
    for (const table of tables) {
      assert.ok(table.rls, `${table.table_name} has row-level security`);
      const tenantKey = table.table_name === 'organizations' ? 'id' : 'organization_id';
      assert.ok(
        table.pk.startsWith(tenantKey),
        `${table.table_name} primary key (${table.pk}) starts with ${tenantKey}`,
      );
    }
    const indexes = await harness.db.query<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename <> 'schema_migrations'`,
    );
    for (const index of indexes) {
      if (GLOBAL_INDEXES.has(index.indexname)) continue;
      assert.match(index.indexdef, /\(organization_id[,)]/, `${index.indexname} starts with organization_id`);
    }
  });
});
