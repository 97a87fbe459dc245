// `npm run bench`: fills a throwaway PostgreSQL database with realistic data, starts the real server
// against it and measures it over HTTP next to pgbench on the same server. See docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSnapshot } from './cpu.ts';
import { dataSizes, dropDatabase, migrateDatabase, recreateDatabase, serverVersion } from './databases.ts';
import { generate } from './generate.ts';
import { HttpClient } from './http-client.ts';
import { runLoad } from './load.ts';
import { benchOptions } from './options.ts';
import { runPgbench } from './pgbench.ts';
import { type BenchResult, formatReport, type ScenarioResult } from './report.ts';
import { loadFixtures, scenarios } from './scenarios.ts';
import { startServer } from './server-process.ts';
import { type SignedUpOrganization, signInOrganizations, signUpOrganizations } from './tenants.ts';

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
const log = (line: string) => process.stdout.write(`${line}\n`);
const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function main(): Promise<void> {
  const options = benchOptions(process.env, process.argv.slice(2));
  log(
    `ActionConnect benchmark: ${options.tickets} tickets, ${options.comments} comments, ` +
      `${options.organizations} organizations on ${redact(options.databaseUrl)}`,
  );
  if (options.ownsDatabase && !options.reuse) await recreateDatabase(options.adminUrl, options.databaseUrl);
  await recreateDatabase(options.adminUrl, options.pgbenchUrl);
  await migrateDatabase(options.databaseUrl);
  const server = await startServer(options.databaseUrl);
  const client = new HttpClient(server.baseUrl, 64);
  try {
    log(
      `Server pid ${server.pid} at ${server.baseUrl}; ${options.httpOrganizations} organizations over HTTP`,
    );
    let signedUp: SignedUpOrganization[];
    let generationSeconds: number | null = null;
    if (options.reuse) {
      log('Reusing the data of an earlier run (BENCH_REUSE=1)');
      signedUp = await signInOrganizations(client, options.httpOrganizations);
    } else {
      signedUp = await signUpOrganizations(client, options.httpOrganizations);
      log('Generating data:');
      const generationStarted = performance.now();
      await generate({ ...options, signedUp, log });
      generationSeconds = (performance.now() - generationStarted) / 1000;
    }
    const largest = signedUp[0];
    if (!largest) throw new Error('No organization was signed up');
    const data = await dataSizes(options.databaseUrl, largest.organizationId);
    const fixtures = await loadFixtures(options.databaseUrl, largest.organizationId);

    log(`pgbench for ${options.pgbenchSeconds} s…`);
    const measure = { cpuSnapshot: () => cpuSnapshot(server.pid), cores: os.cpus().length };
    const pgbench = await runPgbench(options.pgbenchUrl, options.pgbenchSeconds, measure);
    log(pgbench ? `  ${pgbench.tps.toFixed(1)} tps` : '  pgbench is not installed; no baseline');

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios(client, signedUp, fixtures)) {
      log(`${scenario.name}, concurrency ${scenario.concurrency}…`);
      const result = await runLoad({
        concurrency: scenario.concurrency,
        seconds: options.seconds,
        warmupSeconds: Math.min(3, options.seconds / 2),
        operation: scenario.operation,
        sampleRssMb: server.rssMb,
        ...measure,
      });
      results.push({
        ...result,
        name: scenario.name,
        concurrency: scenario.concurrency,
        note: scenario.note?.() ?? null,
      });
      log(
        `  ${result.perSecond.toFixed(1)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`,
      );
    }

    const benchResult: BenchResult = {
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        memoryGb: os.totalmem() / 1024 ** 3,
        node: process.version,
        postgres: await serverVersion(options.databaseUrl),
      },
      generationSeconds,
      data,
      pgbench,
      scenarios: results,
      server: { peakRssMb: server.peakRssMb() },
    };
    log(formatReport(benchResult));
    mkdirSync(path.dirname(RESULTS), { recursive: true });
    writeFileSync(RESULTS, `${JSON.stringify(benchResult, null, 2)}\n`);
    log(`Written to ${path.relative(process.cwd(), RESULTS)}`);
  } finally {
    client.close();
    await server.stop();
    if (options.keep) {
      log(`Kept the databases (BENCH_KEEP=1): ${redact(options.databaseUrl)}, ${redact(options.pgbenchUrl)}`);
    } else {
      await dropDatabase(options.adminUrl, options.pgbenchUrl);
      if (options.ownsDatabase) await dropDatabase(options.adminUrl, options.databaseUrl);
    }
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
