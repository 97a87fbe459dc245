import { type CpuSnapshot, type CpuUse, cpuUse } from './cpu.ts';

/** One operation of a scenario: resolves with the HTTP status that makes it a failure, or null. */
export type Operation = (worker: number) => Promise<number | null>;

export type LoadResult = {
  requests: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Failed operations by HTTP status ("429", "500", "error" for a broken connection). */
  failures: Record<string, number>;
  maxRssMb: number | null;
  cpu: CpuUse | null;
};

const percentile = (sorted: Float64Array, p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0);

/**
 * Closed-loop load: `concurrency` workers each run the operation back to back. The first `warmupSeconds`
 * are not recorded (connections, JIT, caches); then every operation that finishes within `seconds` is.
 */
export async function runLoad(options: {
  concurrency: number;
  seconds: number;
  warmupSeconds: number;
  operation: Operation;
  sampleRssMb: () => number | null;
  cpuSnapshot: () => CpuSnapshot | null;
  cores: number;
}): Promise<LoadResult> {
  const { concurrency, operation } = options;
  const started = performance.now();
  const measureFrom = started + options.warmupSeconds * 1000;
  const stopAt = measureFrom + options.seconds * 1000;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  let maxRssMb: number | null = null;
  const sampler = setInterval(() => {
    const rss = options.sampleRssMb();
    if (rss !== null && performance.now() >= measureFrom) maxRssMb = Math.max(maxRssMb ?? 0, rss);
  }, 250);
  let cpuFrom: CpuSnapshot | null = null;
  let cpuTo: CpuSnapshot | null = null;
  const cpuTimers = [
    setTimeout(() => {
      cpuFrom = options.cpuSnapshot();
    }, measureFrom - started),
    setTimeout(() => {
      cpuTo = options.cpuSnapshot();
    }, stopAt - started),
  ];

  const worker = async (index: number) => {
    while (performance.now() < stopAt) {
      const begin = performance.now();
      let failure: string | null;
      try {
        const status = await operation(index);
        failure = status === null ? null : String(status);
      } catch {
        failure = 'error';
      }
      const end = performance.now();
      if (begin < measureFrom || end > stopAt) continue;
      if (failure) failures[failure] = (failures[failure] ?? 0) + 1;
      else latencies.push(end - begin);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => worker(index)));
  clearInterval(sampler);
  for (const timer of cpuTimers) clearTimeout(timer);

  const sorted = Float64Array.from(latencies).sort();
  const seconds = options.seconds;
  return {
    requests: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? 0,
    failures,
    maxRssMb,
    cpu: cpuUse(cpuFrom, cpuTo, options.cores),
  };
}
