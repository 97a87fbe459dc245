import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOwnDatabase, type OwnDatabase } from '../test/own-database.ts';
import { type Database, openDatabase } from './client.ts';

// On PostgreSQL every statement with parameters is a named prepared statement, named by its text's
// hash (client.ts); on PGlite they run as they are. Both must give the same answers.
describe('statements with parameters, and transaction settings', () => {
  let own: OwnDatabase | null = null;
  let db: Database;

  before(async () => {
    own = process.env.DATABASE_URL ? await createOwnDatabase(process.env.DATABASE_URL) : null;
    db = await openDatabase({ databaseUrl: own?.url ?? null, dataDir: null });
  });
  after(async () => {
    await db?.close();
    await own?.drop();
  });

  test('texts that differ are different statements, each reused with new values', async () => {
    await db.transaction(async (tx) => {
      for (const value of [1, 2]) {
        assert.deepEqual(await tx.query('select $1::int + 1 as n', [value]), [{ n: value + 1 }]);
        assert.deepEqual(await tx.query('select $1::int + 10 as n', [value]), [{ n: value + 10 }]);
        assert.deepEqual(await tx.query('select $1::text as n', [`v${value}`]), [{ n: `v${value}` }]);
      }
      if (db.kind !== 'postgres') return;
      const prepared = await tx.query<{ name: string; statement: string }>(
        'select name, statement from pg_prepared_statements order by statement',
      );
      const ours = prepared.filter((row) => row.statement.startsWith('select $1::'));
      assert.deepEqual(
        ours.map((row) => row.statement),
        ['select $1::int + 1 as n', 'select $1::int + 10 as n', 'select $1::text as n'],
      );
      assert.equal(new Set(ours.map((row) => row.name)).size, 3, 'one name per text');
    });
    // Through the pool too, on whichever connection: the same text is the same name everywhere.
    const answers = await Promise.all([1, 2, 3].map((value) => db.query('select $1::int + 1 as n', [value])));
    assert.deepEqual(answers, [[{ n: 2 }], [{ n: 3 }], [{ n: 4 }]]);
  });

  test('DDL and several statements in one string run unprepared', async () => {
    await db.transaction(async (tx) => {
      await tx.exec(`create table prepared_probe (id int primary key, label text);
                     insert into prepared_probe values (1, 'one'), (2, 'two');`);
      await tx.query('alter table prepared_probe add column note text');
      assert.deepEqual(await tx.query('select label from prepared_probe where id = $1', [2]), [
        { label: 'two' },
      ]);
      assert.deepEqual(await tx.exec('select 1 as a; select 2 as b'), [{ b: 2 }]);
      await tx.exec('drop table prepared_probe');
      if (db.kind !== 'postgres') return;
      const prepared = await tx.query<{ statement: string }>('select statement from pg_prepared_statements');
      const ddl = prepared.filter((row) => /create|alter|drop|;/i.test(row.statement));
      assert.deepEqual(ddl, []);
    });
  });

  test("a transaction's settings hold inside it only, whatever their characters", async () => {
    const value = "it's a \\ value; select 1";
    const inside = await db.transaction(
      (tx) => tx.query<{ value: string }>(`select current_setting('app.probe') as value`),
      { 'app.probe': value },
    );
    assert.deepEqual(inside, [{ value }]);
    const afterwards = await db.transaction((tx) =>
      tx.query<{ value: string | null }>(`select current_setting('app.probe', true) as value`),
    );
    // Unset, or reset to empty where the connection has seen it before.
    assert.ok(!afterwards[0]?.value, `still set: ${afterwards[0]?.value}`);
  });

  test('statements sent side by side in a transaction each get their own answer, in order', async () => {
    const answers = await db.transaction((tx) =>
      Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          tx.query<{ n: number; label: string }>('select $1::int as n, $2::text as label', [
            index,
            `#${index}`,
          ]),
        ),
      ),
    );
    assert.deepEqual(
      answers.map((rows) => rows[0]),
      Array.from({ length: 20 }, (_, index) => ({ n: index, label: `#${index}` })),
    );
  });

  test('one statement failing among others sent with it fails its transaction, and nothing of it stays', async () => {
    await db.exec('create table pipeline_probe (id int primary key)');
    try {
      const failed = db.transaction(async (tx) => {
        const sent = [1, 2, 1, 3].map((id) => tx.query('insert into pipeline_probe values ($1)', [id]));
        const results = await Promise.allSettled(sent);
        assert.deepEqual(
          results.map((result) => result.status),
          ['fulfilled', 'fulfilled', 'rejected', 'rejected'],
          'the duplicate fails, and so does what was sent after it in the aborted transaction',
        );
        throw (results[2] as PromiseRejectedResult).reason;
      });
      await assert.rejects(failed, /duplicate key/);
      assert.deepEqual(await db.query('select id from pipeline_probe'), []);
      // The connection is fine afterwards: the next transaction on it works.
      await db.transaction((tx) => tx.query('insert into pipeline_probe values ($1)', [7]));
      assert.deepEqual(await db.query('select id from pipeline_probe'), [{ id: 7 }]);
    } finally {
      await db.exec('drop table pipeline_probe');
    }
  });
});
