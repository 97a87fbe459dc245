import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '../dist');
const LIMIT = 300 * 1024;

// First load = the entry script index.html names plus the chunks it preloads; lazy areas (portal,
// admin) are not part of it.
test('the console loads less than 300 KB of gzip-compressed JavaScript at first', {
  skip: !existsSync(path.join(dist, 'index.html')) && 'web/dist is missing',
}, () => {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1] ?? '');
  assert.ok(scripts.length > 0, 'index.html names its scripts');
  const bytes = scripts.reduce((sum, file) => sum + gzipSync(readFileSync(path.join(dist, file))).length, 0);
  console.log(`  first-load JS: ${(bytes / 1024).toFixed(1)} KB gzip in ${scripts.length} files`);
  assert.ok(bytes < LIMIT, `${bytes} bytes is over the ${LIMIT} byte budget`);
});
