import { readdirSync, readFileSync } from 'node:fs';

// Linux reports CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform.
const TICKS_PER_SECOND = 100;

export type CpuSnapshot = {
  at: number;
  server: number;
  bench: number;
  /** Seconds of CPU of each PostgreSQL process, by pid: backends come and go between snapshots. */
  postgres: Map<number, number>;
  busy: number;
};

/**
 * Cores busy on average between two snapshots: who used the machine during a scenario. `other` is
 * everything else running on the machine, which should be near zero for figures to be trusted.
 */
export type CpuUse = {
  serverCores: number;
  postgresCores: number;
  benchCores: number;
  otherCores: number;
  idleCores: number;
};

function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

/** A process's name and CPU seconds so far, from /proc/<pid>/stat. */
function processCpu(pid: number): { name: string; seconds: number } {
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    seconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
  };
}

function postgresProcesses(): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cpu = processCpu(Number(entry));
      if (cpu.name === 'postgres') seconds.set(Number(entry), cpu.seconds);
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/** Null where /proc is missing (not Linux): the report then leaves the CPU columns out. */
export function cpuSnapshot(serverPid: number): CpuSnapshot | null {
  try {
    const usage = process.cpuUsage();
    return {
      at: performance.now(),
      server: processCpu(serverPid).seconds,
      bench: (usage.user + usage.system) / 1e6,
      postgres: postgresProcesses(),
      busy: machineTicks().busy / TICKS_PER_SECOND,
    };
  } catch {
    return null;
  }
}

export function cpuUse(from: CpuSnapshot | null, to: CpuSnapshot | null, cores: number): CpuUse | null {
  if (!from || !to) return null;
  const seconds = (to.at - from.at) / 1000;
  if (seconds <= 0) return null;
  const serverCores = (to.server - from.server) / seconds;
  const benchCores = (to.bench - from.bench) / seconds;
  const busyCores = (to.busy - from.busy) / seconds;
  let postgresSeconds = 0;
  for (const [pid, total] of to.postgres) postgresSeconds += total - (from.postgres.get(pid) ?? 0);
  const postgresCores = postgresSeconds / seconds;
  return {
    serverCores,
    postgresCores,
    benchCores,
    otherCores: Math.max(0, busyCores - serverCores - postgresCores - benchCores),
    idleCores: Math.max(0, cores - busyCores),
  };
}
