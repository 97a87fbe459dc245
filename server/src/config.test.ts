import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

test('defaults fill every setting, and a secret key is generated once and kept in the data folder', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'actionconnect-config-'));
  try {
    const config = loadConfig({ DATA_DIR: dataDir });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.databaseUrl, null);
    assert.equal(config.publicUrl, 'http://localhost:3000');
    assert.equal(config.sessionTtlHours, 336);
    assert.ok(config.secureCookies);
    const keyFile = path.join(dataDir, 'secret-key');
    assert.equal(readFileSync(keyFile, 'utf8').trim(), config.secretKey);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.equal(loadConfig({ DATA_DIR: dataDir }).secretKey, config.secretKey);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('environment variables are parsed and typed', () => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://app@db.internal:5432/helpdesk',
    PUBLIC_URL: 'http://help.example.com/',
    SECRET_KEY: 'k'.repeat(40),
    TRUST_PROXY: 'true',
  });
  assert.equal(config.port, 8080);
  assert.equal(config.databaseUrl, 'postgres://app@db.internal:5432/helpdesk');
  assert.equal(config.publicUrl, 'http://help.example.com');
  assert.equal(config.trustProxy, true);
  assert.equal(config.secureCookies, false, 'plain http on a real host cannot carry Secure cookies');
});

test('bad values fail at start with a message naming the variable', () => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ PORT: '70000' }, /PORT/],
    [{ DATABASE_URL: 'mysql://nope' }, /DATABASE_URL/],
    [{ SECRET_KEY: 'short' }, /SECRET_KEY/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ];
  for (const [env, message] of cases) {
    assert.throws(
      () => loadConfig({ SECRET_KEY: 'k'.repeat(40), ...env }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        return true;
      },
    );
  }
});
