import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type App, buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { type Database, openDatabase } from '../../db/client.ts';
import { migrate } from '../../db/migrate.ts';
import { assertError, call, signUpOrganization, type TestOrganization } from '../../test/test-app.ts';

// The portal on an organization's own host name: its `/` opens that organization's portal.
describe("the portal on an organization's own host name", () => {
  const root = mkdtempSync(path.join(tmpdir(), 'actionconnect-host-'));
  let app: App;
  let db: Database;
  let acme: TestOrganization;
  let globex: TestOrganization;
  const host = `support-${Date.now()}.acme.example`;

  const setHost = (org: TestOrganization, portalHost: unknown) =>
    call(app, 'PATCH', '/api/v1/organization', { as: org.owner.session, body: { portalHost } });

  before(async () => {
    // A stand-in build: the redirect belongs to serving the web app, which needs a build folder.
    mkdirSync(path.join(root, 'dist'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>ActionConnect</title>');
    const config = loadConfig({
      DATA_DIR: root,
      LOG_LEVEL: 'silent',
      SECRET_KEY: 'x'.repeat(40),
      ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    });
    db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: null });
    await migrate(db);
    app = await buildApp({ config, db, webRoot: path.join(root, 'dist') });
    await app.ready();
    acme = await signUpOrganization(app, 'Acme');
    globex = await signUpOrganization(app, 'Globex');
  });
  after(async () => {
    await app.close();
    await db.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('an admin sets the host (any case); the settings show it lower-cased', async () => {
    const response = await setHost(acme, host.toUpperCase());
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.json().portalHost, host);
  });

  test("the host's / redirects to the portal; other hosts and paths are the app as usual", async () => {
    const portal = await call(app, 'GET', '/', { headers: { host: `${host}:3000` } });
    assert.equal(portal.statusCode, 302);
    assert.equal(portal.headers.location, `/portal/${acme.slug}`);
    const elsewhere = await call(app, 'GET', '/', { headers: { host: 'helpdesk.example' } });
    assert.equal(elsewhere.statusCode, 200);
    const deepLink = await call(app, 'GET', `/portal/${acme.slug}/requests`, { headers: { host } });
    assert.equal(deepLink.statusCode, 200);
  });

  test('another organization cannot take the host; bad host names are refused; null removes it', async () => {
    assertError(await setHost(globex, host), 409, 'conflict', { field: 'portalHost' });
    for (const bad of ['https://x.example', 'no-dot', 'a b.example', 'x.example:443'])
      assertError(await setHost(globex, bad), 400, 'validation_failed', { field: 'portalHost' });
    const removed = await setHost(acme, null);
    assert.equal(removed.json().portalHost, null);
    assert.equal((await call(app, 'GET', '/', { headers: { host } })).statusCode, 200);
  });
});
