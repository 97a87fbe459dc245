import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

const databaseName = (url: string) => decodeURIComponent(new URL(url).pathname.slice(1));

async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database: one left over from an earlier kept run is dropped first. */
export async function recreateDatabase(adminUrl: string, url: string): Promise<void> {
  const name = pg.escapeIdentifier(databaseName(url));
  await withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  });
}

export async function dropDatabase(adminUrl: string, url: string): Promise<void> {
  const name = pg.escapeIdentifier(databaseName(url));
  await withAdmin(adminUrl, (client) => client.query(`drop database if exists ${name} with (force)`));
}

/** The project's own migrations, exactly as `actionconnect migrate` applies them. */
export async function migrateDatabase(url: string): Promise<void> {
  const db = await openDatabase({ databaseUrl: url, dataDir: null });
  try {
    await migrate(db);
  } finally {
    await db.close();
  }
}

export type DataSizes = {
  organizations: number;
  tickets: number;
  comments: number;
  largestOrganizationTickets: number;
  databaseMb: number;
  ticketsMb: number;
  commentsMb: number;
};

export async function dataSizes(url: string, largestOrganizationId: string): Promise<DataSizes> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<keyof DataSizes, string>>(
      `select (select count(*) from organizations) as organizations,
              (select count(*) from tickets) as tickets,
              (select count(*) from ticket_comments) as comments,
              (select count(*) from tickets where organization_id = $1) as "largestOrganizationTickets",
              pg_database_size(current_database()) / 1048576 as "databaseMb",
              pg_total_relation_size('tickets') / 1048576 as "ticketsMb",
              pg_total_relation_size('ticket_comments') / 1048576 as "commentsMb"`,
      [largestOrganizationId],
    );
    const row = rows[0];
    if (!row) throw new Error('No sizes');
    return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)])) as DataSizes;
  } finally {
    await client.end();
  }
}

export async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ version: string }>('select version()');
    return rows[0]?.version ?? 'unknown';
  } finally {
    await client.end();
  }
}
