// `npm run bench:email` (part of `npm run bench`): sends a realistic mix of messages through the real
// SMTP intake with several concurrent senders, against a real PostgreSQL, and measures how fast they
// are accepted and processed into tickets and comments. See docs/benchmarks.md.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import { freePort } from '../src/test/free-port.ts';
import { type CpuUse, cpuSnapshot, cpuUse } from './cpu.ts';
import { dropDatabase, migrateDatabase, recreateDatabase } from './databases.ts';
import { startServer } from './server-process.ts';
import { PipeliningSender } from './smtp-sender.ts';

const SERVER = process.env.BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432';
const quick = process.argv.includes('--quick');
const acceptOnly = process.argv.includes('--accept-only');
const MESSAGES = Number(process.env.BENCH_EMAILS ?? (quick ? 500 : 10_000));
const SENDERS = Number(process.env.BENCH_EMAIL_SENDERS ?? 8);
// Messages sent, processed and followed by ANALYZE before the measured run: a helpdesk taking mail at
// this rate has history and planner statistics, which a database created a second ago lacks (with
// none, PostgreSQL guesses every table tiny and some lookups read a whole organization's rows).
const WARMUP = acceptOnly ? 0 : Number(process.env.BENCH_EMAIL_WARMUP ?? (quick ? 0 : 1000));
const log = (line: string) => process.stdout.write(`${line}\n`);

type Kind = 'new' | 'reply' | 'attachment' | 'auto-reply';
// The mix: most mail opens or answers a ticket; some carries a file; some is an out-of-office.
const kindOf = (index: number): Kind =>
  index % 10 < 4 ? 'new' : index % 10 < 8 ? 'reply' : index % 10 === 8 ? 'attachment' : 'auto-reply';

function message(index: number, support: string, opened: string[]): { from: string; raw: string } {
  const kind = kindOf(index);
  const from = `customer${index % 500}@bench.example`;
  const id = `${randomUUID()}@bench.example`;
  const answered = opened[Math.floor(Math.random() * opened.length)];
  const threading =
    (kind === 'reply' || kind === 'auto-reply') && answered ? [`In-Reply-To: <${answered}>`] : [];
  if (kind === 'new' || kind === 'attachment') opened.push(id);
  const headers = [
    `From: Customer ${index % 500} <${from}>`,
    `To: ${support}`,
    `Subject: ${kind === 'reply' ? 'Re: ' : ''}Order ${index} question`,
    `Message-ID: <${id}>`,
    'Date: Tue, 24 Nov 2026 10:00:00 +0000',
    'MIME-Version: 1.0',
    ...threading,
    ...(kind === 'auto-reply' ? ['Auto-Submitted: auto-replied'] : []),
  ];
  const text = `Hello,\r\n\r\nMessage ${index}: my order has not arrived yet. Could you check?\r\n\r\nThanks`;
  if (kind !== 'attachment')
    return { from, raw: `${headers.join('\r\n')}\r\nContent-Type: text/plain\r\n\r\n${text}\r\n` };
  const file = Buffer.alloc(20_000, index % 251)
    .toString('base64')
    .replace(/.{76}/g, '$&\r\n');
  const body = [
    'Content-Type: multipart/mixed; boundary="b"',
    '',
    '--b',
    'Content-Type: text/plain',
    '',
    text,
    '--b',
    'Content-Type: application/pdf; name="invoice.pdf"',
    'Content-Transfer-Encoding: base64',
    'Content-Disposition: attachment; filename="invoice.pdf"',
    '',
    file,
    '--b--',
    '',
  ];
  return { from, raw: `${headers.join('\r\n')}\r\n${body.join('\r\n')}` };
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main(): Promise<void> {
  const databaseUrl = `${SERVER}/actionconnect_bench_email`;
  await recreateDatabase(`${SERVER}/postgres`, databaseUrl);
  await migrateDatabase(databaseUrl);
  const smtpPort = await freePort();
  const server = await startServer(databaseUrl, {
    SMTP_PORT: String(smtpPort),
    EMAIL_SENDER_CHECKS: 'false',
    // --accept-only: no job workers, so only acceptance is measured (the messages stay waiting).
    ...(acceptOnly ? { JOB_WORKERS: 'false' } : {}),
  });
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const support = await signUpWithSupportAddress(server.baseUrl);
    log(
      `Email ingest: ${MESSAGES} messages (after ${WARMUP} to warm up), ${SENDERS} concurrent SMTP senders, PostgreSQL ${SERVER}`,
    );
    const opened: string[] = [];
    const senders = await Promise.all(
      Array.from({ length: SENDERS }, () => PipeliningSender.connect(smtpPort)),
    );
    let next = 0;
    const sendUpTo = async (sender: PipeliningSender, end: number) => {
      while (next < end) {
        const { from, raw } = message(next++, support, opened);
        await sender.send(from, support, raw);
      }
    };
    if (WARMUP > 0) {
      await Promise.all(senders.map((sender) => sendUpTo(sender, WARMUP)));
      await waitUntilProcessed(db, WARMUP);
      await db.query('analyze');
    }
    // The measured messages are those received from here on.
    const measuredFrom = (await db.query<{ now: Date }>('select now()')).rows[0]?.now ?? new Date(0);
    let rssPeak = 0;
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, server.rssMb() ?? 0);
    }, 200);
    const cpuFrom = cpuSnapshot(server.pid);
    const started = performance.now();
    await Promise.all(senders.map((sender) => sendUpTo(sender, WARMUP + MESSAGES)));
    const acceptedSeconds = (performance.now() - started) / 1000;
    await Promise.all(senders.map((sender) => sender.close()));
    if (!acceptOnly) await waitUntilProcessed(db, WARMUP + MESSAGES);
    const processedSeconds = (performance.now() - started) / 1000;
    const cpu = cpuUse(cpuFrom, cpuSnapshot(server.pid), os.cpus().length);
    clearInterval(sampler);
    await report(db, measuredFrom, {
      acceptedSeconds,
      processedSeconds,
      rssPeak,
      peakRss: server.peakRssMb(),
      cpu,
    });
  } finally {
    await db.end();
    await server.stop();
    if (!process.env.BENCH_KEEP) await dropDatabase(`${SERVER}/postgres`, databaseUrl);
  }
}

async function signUpWithSupportAddress(baseUrl: string): Promise<string> {
  const signUp = await fetch(`${baseUrl}/api/v1/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationName: 'Mailbench',
      name: 'Owner',
      email: 'owner@mailbench.example',
      password: 'bench-password-123',
    }),
  });
  const cookie = (signUp.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await signUp.json()) as { csrfToken: string };
  const support = 'support@mailbench.example';
  const patched = await fetch(`${baseUrl}/api/v1/organization`, {
    method: 'PATCH',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ supportAddresses: [support] }),
  });
  if (!patched.ok) throw new Error(`support address: ${await patched.text()}`);
  return support;
}

async function waitUntilProcessed(db: pg.Client, total: number): Promise<void> {
  for (;;) {
    const { rows } = await db.query<{ waiting: string; total: string }>(
      `select count(*) filter (where state = 'received') as waiting, count(*) as total from inbound_emails`,
    );
    if (Number(rows[0]?.total) >= total && Number(rows[0]?.waiting) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function report(
  db: pg.Client,
  measuredFrom: Date,
  measured: {
    acceptedSeconds: number;
    processedSeconds: number;
    rssPeak: number;
    peakRss: number | null;
    cpu: CpuUse | null;
  },
) {
  const { rows } = await db.query<{ ms: number; state: string; outcome: string }>(
    `select extract(epoch from processed_at - received_at) * 1000 as ms, state, outcome from inbound_emails
      where received_at >= $1`,
    [measuredFrom],
  );
  const latencies = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  const outcomes = new Map<string, number>();
  for (const row of rows)
    outcomes.set(`${row.state}/${row.outcome}`, (outcomes.get(`${row.state}/${row.outcome}`) ?? 0) + 1);
  log(
    `  accepted:  ${(MESSAGES / measured.acceptedSeconds).toFixed(0)} messages/s (${measured.acceptedSeconds.toFixed(1)} s)`,
  );
  if (!acceptOnly) {
    log(
      `  processed: ${(MESSAGES / measured.processedSeconds).toFixed(0)} messages/s (${measured.processedSeconds.toFixed(1)} s, all done)`,
    );
    log(
      `  acceptance → visible: p50 ${percentile(latencies, 0.5).toFixed(0)} ms, p99 ${percentile(latencies, 0.99).toFixed(0)} ms`,
    );
  }
  log(
    `  server memory: peak RSS ${(measured.peakRss ?? measured.rssPeak).toFixed(0)} MB; ${os.cpus().length} cores`,
  );
  if (measured.cpu) {
    // CPU milliseconds a measured message cost each party, over the whole measured window.
    const perMessage = (cores: number) => ((cores * measured.processedSeconds * 1000) / MESSAGES).toFixed(2);
    const { serverCores, postgresCores, benchCores, otherCores } = measured.cpu;
    log(
      `  CPU per message: PostgreSQL ${perMessage(postgresCores)} ms, server ${perMessage(serverCores)} ms, sending client ${perMessage(benchCores)} ms, other ${perMessage(otherCores)} ms`,
    );
  }
  log(`  outcomes: ${[...outcomes].map(([key, count]) => `${key} ${count}`).join(', ')}`);
}

await main();
