import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type App, buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { call } from './test/test-app.ts';

// A stand-in build folder, so this runs without building the web package first; the browser tests in
// web/e2e exercise the real build.
describe('serving the web app', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'actionconnect-web-'));
  let app: App;
  let db: Database;

  before(async () => {
    mkdirSync(path.join(root, 'dist', 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'dist', 'index.html'), '<!doctype html><title>ActionConnect</title>');
    writeFileSync(path.join(root, 'dist', 'assets', 'main-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'dist', 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const config = loadConfig({ DATA_DIR: root, LOG_LEVEL: 'silent', SECRET_KEY: 'x'.repeat(40) });
    db = await openDatabase({ databaseUrl: null, dataDir: null });
    await migrate(db);
    app = await buildApp({ config, db, webRoot: path.join(root, 'dist') });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await db.close();
    rmSync(root, { recursive: true, force: true });
  });

  test('the app page answers /, deep links and area paths, uncached and without a session', async () => {
    for (const url of ['/', '/tickets/123', '/portal/acme/requests', '/admin/statuses?x=1']) {
      const response = await call(app, 'GET', url);
      assert.equal(response.statusCode, 200, url);
      assert.match(String(response.headers['content-type']), /text\/html/);
      assert.match(response.body, /<title>ActionConnect<\/title>/);
      assert.equal(response.headers['cache-control'], 'no-cache');
    }
  });

  test('hashed assets are cached for good; top-level files are served as files', async () => {
    const asset = await call(app, 'GET', '/assets/main-abc123.js');
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /immutable/);
    const icon = await call(app, 'GET', '/favicon.svg');
    assert.match(String(icon.headers['content-type']), /svg/);
    assert.equal((await call(app, 'GET', '/assets/missing.js')).statusCode, 404);
    writeFileSync(path.join(root, 'secret-key'), 'not for the web');
    const traversal = await call(app, 'GET', '/assets/..%2F..%2Fsecret-key');
    assert.notEqual(traversal.statusCode, 200);
    assert.doesNotMatch(traversal.body, /not for the web/);
  });

  test('API, health and writes keep their own answers', async () => {
    const unknownApi = await call(app, 'GET', '/api/v1/nothing-here');
    assert.equal(unknownApi.statusCode, 404);
    assert.equal(unknownApi.json().error.code, 'not_found');
    assert.equal((await call(app, 'GET', '/health')).statusCode, 200);
    assert.equal((await call(app, 'POST', '/tickets/123')).statusCode, 404);
  });
});
