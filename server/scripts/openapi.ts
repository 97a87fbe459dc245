// Prints the server's OpenAPI document (JSON) to stdout. The web package generates its typed API client
// from it, so the browser code and the server's schemas cannot drift apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

const dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-openapi-'));
try {
  // A fixed public URL keeps the document the same on every machine.
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://localhost:3000',
    SECRET_KEY: 'openapi-generation-only-secret-0123456789',
  });
  // Building the routes needs no data: a fresh in-memory database is enough (migrated, because the
  // job queue grants the application role its rights at start).
  const db = await openDatabase({ databaseUrl: null, dataDir: null });
  await migrate(db);
  const app = await buildApp({ config, db });
  await app.ready();
  process.stdout.write(`${JSON.stringify(app.swagger(), null, 2)}\n`);
  await app.close();
  await db.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
