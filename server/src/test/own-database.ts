import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type OwnDatabase = { url: string; drop(): Promise<void> };

/**
 * A fresh, empty database on the PostgreSQL server that `sharedUrl` names, for one test server.
 * Test files run side by side; in one shared database each server's schedulers (SLA, time
 * triggers), which look across organizations, would act on the other files' tickets by their own
 * clocks. Named after the shared database, so a run can drop whatever a crash left behind.
 */
export async function createOwnDatabase(sharedUrl: string): Promise<OwnDatabase> {
  const shared = new URL(sharedUrl);
  const base = shared.pathname.slice(1) || 'postgres';
  const name = `${base.slice(0, 40)}_t${randomBytes(6).toString('hex')}`;
  await runOn(sharedUrl, `create database "${name}"`);
  const url = new URL(sharedUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => dropDatabase(sharedUrl, name) };
}

/**
 * Drops the database once its connections have gone: a closed pool's connections still take a
 * moment to end, and forcing them then is an error on each. Forced only if some never go.
 */
async function dropDatabase(sharedUrl: string, name: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      await runOn(sharedUrl, `drop database if exists "${name}"`);
      return;
    } catch (error) {
      // 55006: object_in_use ("being accessed by other users").
      if ((error as { code?: string }).code !== '55006') throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await runOn(sharedUrl, `drop database if exists "${name}" with (force)`);
}

async function runOn(databaseUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
