import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, '..', '..', '..', 'bin', 'actionconnect.js');
const OWN_CASES = path.join(HERE, 'fixtures', 'sla-cases.json');
// The shared reference cases live beside the repository (../shared from its root).
const SHARED_CASES = path.join(HERE, '..', '..', '..', '..', '..', 'shared', 'data', 'sla', 'cases.json');

type Case = { id: string; expect: { due?: string; business_minutes?: number } };
type Answer = { id: string; due?: string; business_minutes?: number; error?: string };

function slaCalc(input: string, env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sla', 'calc'], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const toMinute = (instant: string) => Math.floor(Date.parse(instant) / 60_000);

async function assertAllCasesMatch(file: string) {
  const cases = JSON.parse(readFileSync(file, 'utf8')) as Case[];
  const result = await slaCalc(JSON.stringify(cases));
  assert.equal(result.code, 0, result.stderr);
  const answers = JSON.parse(result.stdout) as Answer[];
  assert.equal(answers.length, cases.length);
  cases.forEach((item, i) => {
    const answer = answers[i] as Answer;
    assert.equal(answer.id, item.id);
    if (item.expect.due === undefined) {
      assert.equal(
        answer.business_minutes,
        item.expect.business_minutes,
        `${item.id}: ${JSON.stringify(answer)}`,
      );
      return;
    }
    assert.ok(answer.due, `${item.id}: ${JSON.stringify(answer)}`);
    assert.match(answer.due, /[+-]\d{2}:\d{2}$|Z$/, 'an instant with an offset');
    assert.equal(
      toMinute(answer.due),
      toMinute(item.expect.due),
      `${item.id}: ${answer.due} ≠ ${item.expect.due}`,
    );
  });
}

describe('actionconnect sla calc', () => {
  test('answers every reference case in our fixtures', async () => {
    await assertAllCasesMatch(OWN_CASES);
  });

  test('answers every case of the shared reference file', async (t) => {
    if (!existsSync(SHARED_CASES)) {
      console.log(`# NOTICE ${SHARED_CASES} is absent: the shared cases were not run`);
      t.skip('shared cases absent');
      return;
    }
    await assertAllCasesMatch(SHARED_CASES);
  });

  test('answers a bad case with an error and still answers the others, without configuration', async () => {
    const calendar = { time_zone: 'Europe/Berlin', hours: { mon: [['09:00', '17:00']] }, holidays: [] };
    const cases = [
      {
        id: 'bad-zone',
        calendar: { ...calendar, time_zone: 'Mars/Olympus' },
        start: '2025-03-03T09:00:00+01:00',
        minutes: 1,
      },
      {
        id: 'bad-interval',
        calendar: { ...calendar, hours: { mon: [['9am', '17:00']] } },
        start: '2025-03-03T09:00:00+01:00',
        minutes: 1,
      },
      { id: 'no-offset', calendar, start: '2025-03-03T09:00:00', minutes: 1 },
      {
        id: 'never-open',
        calendar: { ...calendar, hours: {} },
        start: '2025-03-03T09:00:00+01:00',
        minutes: 1,
      },
      { id: 'good', calendar, start: '2025-03-03T16:30:00+01:00', minutes: 60 },
      {
        id: 'overridden',
        calendar: { ...calendar, overrides: { '2025-03-03': [] } },
        start: '2025-03-03T16:30:00+01:00',
        end: '2025-03-10T10:00:00+01:00',
      },
    ];
    // A configuration that would stop every other command does not matter here.
    const result = await slaCalc(JSON.stringify(cases), { PORT: 'eighty', DATABASE_URL: 'not a url' });
    assert.equal(result.code, 0, result.stderr);
    const answers = JSON.parse(result.stdout) as Answer[];
    assert.match(answers[0]?.error ?? '', /timeZone: not an IANA time zone/);
    assert.match(answers[1]?.error ?? '', /hours\.mon\[0\]\[0\]: not a time/);
    assert.match(answers[2]?.error ?? '', /start must be an ISO 8601 instant with an offset/);
    assert.match(answers[3]?.error ?? '', /No due time within 5 years/);
    assert.deepEqual(answers[4], { id: 'good', due: '2025-03-10T09:30:00+01:00' });
    assert.deepEqual(answers[5], { id: 'overridden', business_minutes: 60 });
  });

  test('input that is not a JSON array fails with a message', async () => {
    const result = await slaCalc('{"id": 1}');
    assert.equal(result.code, 1);
    assert.match(result.stderr, /a JSON array of cases/);
  });
});
