import { spawn } from 'node:child_process';
import { type CpuSnapshot, type CpuUse, cpuUse } from './cpu.ts';

export type PgbenchResult = {
  tps: number;
  latencyMs: number | null;
  clients: number;
  seconds: number;
  scale: number;
  /** Who was busy while it ran; PostgreSQL's CPU per transaction is the yardstick for ours. */
  cpu: CpuUse | null;
};

function run(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('pgbench', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`pgbench ${args.join(' ')} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/**
 * PostgreSQL's own yardstick on the same server: TPC-B-like transactions (three updates, a select and an
 * insert each) by 8 clients. Null when pgbench is not installed.
 */
export async function runPgbench(
  url: string,
  seconds: number,
  measure: { cpuSnapshot: () => CpuSnapshot | null; cores: number },
): Promise<PgbenchResult | null> {
  const scale = 10;
  const clients = 8;
  try {
    await run(['--version']);
  } catch {
    return null;
  }
  await run(['-i', '-q', '-s', String(scale), url]);
  // Snapshots inside the run: pgbench's backends exit with it, and their CPU time with them.
  const margin = Math.min(1, seconds / 4) * 1000;
  let before: CpuSnapshot | null = null;
  let after: CpuSnapshot | null = null;
  const timers = [
    setTimeout(() => {
      before = measure.cpuSnapshot();
    }, margin),
    setTimeout(
      () => {
        after = measure.cpuSnapshot();
      },
      seconds * 1000 - margin,
    ),
  ];
  const output = await run(['-c', String(clients), '-j', '2', '-T', String(seconds), url]);
  for (const timer of timers) clearTimeout(timer);
  const cpu = cpuUse(before, after, measure.cores);
  const tps = /tps = ([\d.]+) \((?:without|excluding)/.exec(output)?.[1];
  if (!tps) throw new Error(`Could not read tps from pgbench:\n${output}`);
  const latency = /latency average = ([\d.]+) ms/.exec(output)?.[1];
  return { tps: Number(tps), latencyMs: latency ? Number(latency) : null, clients, seconds, scale, cpu };
}
