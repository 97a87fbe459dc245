import type { DataSizes } from './databases.ts';
import type { LoadResult } from './load.ts';
import type { PgbenchResult } from './pgbench.ts';

export type ScenarioResult = LoadResult & { name: string; concurrency: number; note: string | null };

export type BenchResult = {
  finishedAt: string;
  machine: { cpus: number; memoryGb: number; node: string; postgres: string };
  /** Null when the data was kept from an earlier run. */
  generationSeconds: number | null;
  data: DataSizes;
  pgbench: PgbenchResult | null;
  scenarios: ScenarioResult[];
  server: { peakRssMb: number | null };
};

export type TargetCheck = { target: string; measured: string; met: boolean };

const fixed = (value: number, digits = 1) => value.toFixed(digits);

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) => row.map((cell, column) => cell.padStart(column === 0 ? 0 : (widths[column] ?? 0))))
    .map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell)).join('  '))
    .join('\n');
}

/** The issue's targets, checked against this run. */
export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const tps = result.pgbench?.tps ?? null;
  for (const scenario of result.scenarios) {
    if (scenario.name.startsWith('create ticket') && tps) {
      const share = scenario.perSecond / tps;
      checks.push({
        target: `${scenario.name} c${scenario.concurrency} >= 50% of pgbench`,
        measured: `${fixed(share * 100)}% (${fixed(scenario.perSecond)} / ${fixed(tps)})`,
        met: share >= 0.5,
      });
    }
    if (scenario.name.startsWith('agent queue')) {
      checks.push({
        target: `queue c${scenario.concurrency} p99 <= 15 ms`,
        measured: `${fixed(scenario.p99Ms)} ms`,
        met: scenario.p99Ms <= 15,
      });
    }
  }
  const rss = result.server.peakRssMb;
  if (rss !== null) {
    checks.push({ target: 'server peak RSS <= 300 MB', measured: `${fixed(rss)} MB`, met: rss <= 300 });
  }
  return checks;
}

const cpuMsPerRequest = (cores: number | undefined, perSecond: number) =>
  cores === undefined || perSecond === 0 ? '-' : fixed((cores * 1000) / perSecond, 2);

function scenarioRows(result: BenchResult): string[][] {
  const tps = result.pgbench?.tps ?? null;
  const header = [
    'scenario',
    'conc',
    'requests',
    'req/s',
    'of pgbench',
    'p50 ms',
    'p99 ms',
    'max ms',
    'RSS MB',
    'failed',
    'CPU ms/req srv',
    'pg',
    'cores srv/pg/bench/other/idle',
  ];
  return [
    header,
    ...result.scenarios.map((scenario) => [
      scenario.name,
      String(scenario.concurrency),
      String(scenario.requests),
      fixed(scenario.perSecond),
      tps ? `${fixed((scenario.perSecond / tps) * 100)}%` : '-',
      fixed(scenario.p50Ms, 2),
      fixed(scenario.p99Ms, 2),
      fixed(scenario.maxMs, 1),
      scenario.maxRssMb === null ? '-' : fixed(scenario.maxRssMb, 0),
      Object.entries(scenario.failures)
        .map(([status, count]) => `${count}x${status}`)
        .join(' ') || '0',
      cpuMsPerRequest(scenario.cpu?.serverCores, scenario.perSecond),
      cpuMsPerRequest(scenario.cpu?.postgresCores, scenario.perSecond),
      scenario.cpu
        ? [
            scenario.cpu.serverCores,
            scenario.cpu.postgresCores,
            scenario.cpu.benchCores,
            scenario.cpu.otherCores,
            scenario.cpu.idleCores,
          ]
            .map((cores) => fixed(cores, 2))
            .join(' / ')
        : '-',
    ]),
  ];
}

function pgbenchLine(pgbench: PgbenchResult | null): string {
  if (!pgbench) return 'pgbench: not installed (Debian: apt-get install postgresql-client), no baseline';
  const cpu = pgbench.cpu
    ? `; PostgreSQL busy ${fixed(pgbench.cpu.postgresCores, 2)} cores = ` +
      `${cpuMsPerRequest(pgbench.cpu.postgresCores, pgbench.tps)} ms of its CPU per transaction`
    : '';
  return (
    `pgbench (TPC-B-like, scale ${pgbench.scale}, ${pgbench.clients} clients, ${pgbench.seconds} s): ` +
    `${fixed(pgbench.tps)} tps, latency ${pgbench.latencyMs ?? '?'} ms${cpu}`
  );
}

export function formatReport(result: BenchResult): string {
  const { data, machine } = result;
  const notes = result.scenarios
    .filter((scenario) => scenario.note)
    .map((scenario) => `  ${scenario.name} c${scenario.concurrency}: ${scenario.note}`);
  const busiestOther = Math.max(0, ...result.scenarios.map((scenario) => scenario.cpu?.otherCores ?? 0));
  const warning =
    busiestOther > 0.2
      ? [
          `WARNING: other processes used up to ${fixed(busiestOther, 2)} cores during the scenarios;`,
          '         these figures understate what this machine can do. Run again on a quiet machine.',
          '',
        ]
      : [];
  const checks = checkTargets(result).map(
    (check) => `  ${check.met ? 'met   ' : 'MISSED'} ${check.target}: ${check.measured}`,
  );
  return [
    '',
    `Machine: ${machine.cpus} CPUs, ${fixed(machine.memoryGb)} GB RAM, Node ${machine.node}`,
    `Database: ${machine.postgres}`,
    `Data: ${data.organizations} organizations, ${data.tickets} tickets (largest organization ${data.largestOrganizationTickets}), ` +
      `${data.comments} comments; database ${data.databaseMb} MB (tickets ${data.ticketsMb} MB, comments ${data.commentsMb} MB); ` +
      (result.generationSeconds === null
        ? 'kept from an earlier run'
        : `generated in ${fixed(result.generationSeconds, 0)} s`),
    pgbenchLine(result.pgbench),
    `Each scenario: ${fixed(result.scenarios[0]?.seconds ?? 0, 0)} s measured after a warm-up.`,
    '',
    table(scenarioRows(result)),
    '',
    'CPU ms/req: CPU time per request in the server process and in PostgreSQL (all its processes).',
    'cores: busy on average in the server / PostgreSQL / this load generator / anything else on the',
    '       machine (should be ~0 for trustworthy figures) / idle.',
    ...(notes.length ? ['Responses:', ...notes, ''] : []),
    `Server peak RSS (VmHWM): ${result.server.peakRssMb === null ? '-' : `${fixed(result.server.peakRssMb, 0)} MB`}`,
    '',
    ...warning,
    'Targets:',
    ...checks,
    '',
  ].join('\n');
}
